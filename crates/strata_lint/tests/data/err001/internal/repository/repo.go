package repository

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type Repo struct{}

// Get wraps with context (the id): this is the one wrap a call path needs.
func (r *Repo) Get(id int64) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("repository: get %d: %w", id, ErrNotFound)
	}
	return "x", nil
}

// Plain returns its errors unwrapped.
func (r *Repo) Plain(id int64) (string, error) {
	if id <= 0 {
		return "", ErrNotFound
	}
	return "x", nil
}

// Closure wraps only inside a function literal, which is not what Closure returns.
func (r *Repo) Closure(id int64) (string, error) {
	f := func() error { return fmt.Errorf("inner: %w", ErrNotFound) }
	_ = f
	if id <= 0 {
		return "", ErrNotFound
	}
	return "x", nil
}

// Lookup is a package function that wraps.
func Lookup(name string) error {
	return fmt.Errorf("repository: lookup %s: %w", name, ErrNotFound)
}

// Mixed wraps on one path and returns a sentinel unwrapped on another (false positive found on
// Gitea: a callee was taken as wrapping when any one of its returns wrapped).
func (r *Repo) Mixed(id int64) (string, error) {
	if id == 0 {
		return "", ErrNotFound
	}
	if id < 0 {
		return "", fmt.Errorf("repository: mixed %d: %w", id, ErrNotFound)
	}
	return "x", nil
}
