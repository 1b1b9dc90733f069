// Package service is the app layer of the ground-truth program: 3 of every 10 work units.
package service

import "example.com/groundtruth/internal/repository"

// Process does 3 units of its own work, then calls the repository (5 units).
func Process(units int) uint64 {
	return spinApp(3*units) + repository.Save(units)
}

//go:noinline
func spinApp(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n*1000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}
