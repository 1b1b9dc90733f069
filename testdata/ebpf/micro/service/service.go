// Package service holds the probed function of the per-hit probe cost benchmark.
package service

// Work is what the benchmark probes: small, not inlined, and not a leaf (it calls add), so it has
// the full Go prologue: stack check at +0 (single-stepped by a uprobe), PUSH RBP after it (emulated),
// and a RET (single-stepped).
//
//go:noinline
func Work(x int) int {
	return add(x, 1)
}

//go:noinline
func add(a, b int) int { return a + b }
