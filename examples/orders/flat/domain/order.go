// Package domain is the order model of the flat service. Its types carry their JSON and are scanned
// from rows directly: there is no DTO or row copy.
package domain

import (
	"errors"
	"fmt"
	"time"
)

// Limits enforced on new orders.
const (
	MaxItems      = 50
	MaxQuantity   = 1000
	MaxPriceCents = 10_000_000
	MaxSKULength  = 32
)

// Errors the handler maps to status codes.
var (
	ErrNotFound     = errors.New("order not found")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrBadRequest   = errors.New("bad request")
	ErrInvalid      = errors.New("invalid order")
)

// Item is one line of an order.
type Item struct {
	SKU        string `json:"sku"`
	Quantity   int    `json:"quantity"`
	PriceCents int64  `json:"price_cents"`
}

// Order is a placed order as stored and as shown.
type Order struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Status     string    `json:"status"`
	Currency   string    `json:"currency"`
	TotalCents int64     `json:"total_cents"`
	Items      []Item    `json:"items"`
	CreatedAt  time.Time `json:"created_at"`
}

// NewOrder is the body of POST /orders.
type NewOrder struct {
	Currency string `json:"currency"`
	Items    []Item `json:"items"`
}

// Validate returns the first rule n breaks as a message, or "".
func (n *NewOrder) Validate() string {
	switch n.Currency {
	case "EUR", "USD", "GBP":
	default:
		return "unsupported currency"
	}
	if len(n.Items) == 0 || len(n.Items) > MaxItems {
		return fmt.Sprintf("order must have between 1 and %d items", MaxItems)
	}
	for i := range n.Items {
		it := &n.Items[i]
		if it.SKU == "" || len(it.SKU) > MaxSKULength {
			return fmt.Sprintf("item %d: invalid sku", i)
		}
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			return fmt.Sprintf("item %d: quantity must be between 1 and %d", i, MaxQuantity)
		}
		if it.PriceCents < 1 || it.PriceCents > MaxPriceCents {
			return fmt.Sprintf("item %d: price must be between 1 and %d cents", i, MaxPriceCents)
		}
	}
	return ""
}

// TotalCents is the sum of quantity × price over all items.
func (n *NewOrder) TotalCents() int64 {
	var total int64
	for _, it := range n.Items {
		total += int64(it.Quantity) * it.PriceCents
	}
	return total
}
