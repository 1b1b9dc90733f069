// Package domain holds the order model of the layered service: entities, their invariants and the
// errors every other layer maps to.
package domain

import (
	"errors"
	"fmt"
	"time"
)

// Status is the lifecycle state of an order.
type Status string

// Order states.
const (
	StatusPending   Status = "pending"
	StatusPaid      Status = "paid"
	StatusShipped   Status = "shipped"
	StatusCancelled Status = "cancelled"
)

// Limits enforced on new orders.
const (
	MaxItems      = 50
	MaxQuantity   = 1000
	MaxPriceCents = 10_000_000
	MaxSKULength  = 32
)

// Errors the outer layers translate into responses.
var (
	ErrNotFound     = errors.New("order not found")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
)

// ValidationError reports a rule a new order breaks.
type ValidationError struct {
	Msg string
}

func (e *ValidationError) Error() string { return e.Msg }

// Item is one line of an order.
type Item struct {
	SKU        string
	Quantity   int
	PriceCents int64
}

// Order is a placed order.
type Order struct {
	ID         int64
	TenantID   int64
	UserID     int64
	Status     Status
	Currency   string
	TotalCents int64
	Items      []Item
	CreatedAt  time.Time
}

// NewOrder is an order that has not been stored yet.
type NewOrder struct {
	TenantID int64
	UserID   int64
	Currency string
	Items    []Item
}

var supportedCurrencies = map[string]bool{"EUR": true, "USD": true, "GBP": true}

// Validate checks the invariants of a new order.
func (n NewOrder) Validate() error {
	if !supportedCurrencies[n.Currency] {
		return &ValidationError{Msg: "unsupported currency"}
	}
	if len(n.Items) == 0 || len(n.Items) > MaxItems {
		return &ValidationError{Msg: fmt.Sprintf("order must have between 1 and %d items", MaxItems)}
	}
	for i, it := range n.Items {
		if it.SKU == "" || len(it.SKU) > MaxSKULength {
			return &ValidationError{Msg: fmt.Sprintf("item %d: invalid sku", i)}
		}
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			return &ValidationError{Msg: fmt.Sprintf("item %d: quantity must be between 1 and %d", i, MaxQuantity)}
		}
		if it.PriceCents < 1 || it.PriceCents > MaxPriceCents {
			return &ValidationError{Msg: fmt.Sprintf("item %d: price must be between 1 and %d cents", i, MaxPriceCents)}
		}
	}
	return nil
}

// TotalCents is the sum of quantity × price over all items.
func (n NewOrder) TotalCents() int64 {
	var total int64
	for _, it := range n.Items {
		total += int64(it.Quantity) * it.PriceCents
	}
	return total
}
