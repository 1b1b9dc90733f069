// Package service holds the use cases.
package service

import (
	"context"
	"fmt"

	"example.com/shop/internal/domain"
)

// Repository is what the service needs from storage.
type Repository interface {
	Get(ctx context.Context, id int) (domain.Order, error)
}

// Orders is the order use case.
type Orders struct{ repo Repository }

// New returns the service.
func New(repo Repository) *Orders { return &Orders{repo: repo} }

// Get returns one order.
func (s *Orders) Get(ctx context.Context, id int) (domain.Order, error) {
	o, err := s.repo.Get(ctx, id)
	if err != nil {
		return domain.Order{}, fmt.Errorf("service: %w", err)
	}
	return o, nil
}
