// Package service is the app layer: it creates orders (domain) and stores them (infra).
package service

import (
	"example.com/kinds/internal/domain"
	"example.com/kinds/internal/store"
)

// Orders creates and stores orders.
type Orders struct{ Store *store.Store }

// Create allocates a scratch buffer of its own, an order (domain) and stores it (infra).
//
//go:noinline
func (o *Orders) Create(id int) int {
	scratch := make([]byte, 256+id%512)
	ord := domain.NewOrder(id, 8+id%32, 1024+id%4096)
	o.Store.Put(id, ord.Payload)
	return len(scratch) + len(ord.Lines)
}

// Await parks on ch (goroutine profile: goroutines parked in the app layer).
//
//go:noinline
func Await(ch <-chan struct{}) { <-ch }
