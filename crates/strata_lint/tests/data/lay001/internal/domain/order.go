// Package domain holds the order rules.
package domain

import (
	"errors"

	"example.com/lay/internal/service/sub" // bad: domain → app
)

// ErrNotFound is returned for missing orders.
var ErrNotFound = errors.New("not found")

var _ = sub.Sub
