// Package domain holds the order entity.
package domain

import "errors"

// ErrNotFound is returned for a missing order.
var ErrNotFound = errors.New("not found")

// Order is one order.
type Order struct {
	ID    int
	Item  string
	Cents int
}
