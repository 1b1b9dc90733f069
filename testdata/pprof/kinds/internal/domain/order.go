// Package domain holds the ground-truth program's entities (domain layer).
package domain

// Order is an entity with a payload so that allocations are visible in heap profiles.
type Order struct {
	ID      int
	Lines   []int
	Payload []byte
}

// NewOrder allocates an order with n lines and a payload of size bytes.
//
//go:noinline
func NewOrder(id, n, size int) *Order {
	o := &Order{ID: id, Lines: make([]int, n), Payload: make([]byte, size)}
	for i := range o.Lines {
		o.Lines[i] = id + i
	}
	return o
}
