// Package repository is the infra layer of the ground-truth program: 5 of every 10 work units.
package repository

// Save does 5 units of work.
func Save(units int) uint64 {
	return spinInfra(5 * units)
}

//go:noinline
func spinInfra(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n*1000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}
