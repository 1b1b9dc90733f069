// Package domain holds the CPU-bound business rule of the trace demo.
package domain

// Score burns CPU for roughly n iterations and returns a value that depends on every iteration,
// so the compiler cannot remove the loop.
func Score(seed, n int) int {
	s := seed
	for i := 0; i < n; i++ {
		s = (s*31 + i) ^ (s >> 7)
	}
	return s
}
