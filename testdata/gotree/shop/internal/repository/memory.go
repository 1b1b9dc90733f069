// Package repository stores orders.
package repository

import (
	"context"
	"fmt"

	"example.com/shop/internal/domain"
	"example.com/shop/internal/service"
)

// Compile-time check that Memory satisfies the service port. Realistic, and a forbidden
// infra → app import under the default layer rules.
var _ service.Repository = (*Memory)(nil)

// Memory is an in-memory order store.
type Memory struct{ orders map[int]domain.Order }

// NewMemory returns a store with one order.
func NewMemory() *Memory {
	return &Memory{orders: map[int]domain.Order{1: {ID: 1, Item: "book", Cents: 1200}}}
}

// Get returns one order.
func (m *Memory) Get(_ context.Context, id int) (domain.Order, error) {
	o, ok := m.orders[id]
	if !ok {
		return domain.Order{}, fmt.Errorf("repository: %w", domain.ErrNotFound)
	}
	return o, nil
}
