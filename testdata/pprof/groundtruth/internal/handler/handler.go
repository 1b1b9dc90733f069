// Package handler is the adapter layer of the ground-truth program: 2 of every 10 work units.
package handler

import "example.com/groundtruth/internal/service"

// Serve does 2 units of its own work, then calls the service (3 units + 5 units in the repository).
func Serve(units int) uint64 {
	return spinAdapter(2*units) + service.Process(units)
}

//go:noinline
func spinAdapter(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n*1000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}
