// Package service is the app layer of stratasvc.
package service

import (
	"context"
	"fmt"

	"example.com/stratasvc/repository"
)

type ctxKey struct{}

// Lookup reads a value through the repository.
func Lookup(ctx context.Context, key string) string {
	ctx = context.WithValue(ctx, ctxKey{}, key)
	return repository.Get(ctx, key)
}

// Wait sleeps ms milliseconds in the repository.
func Wait(ctx context.Context, ms int) string {
	return repository.Sleep(ctx, ms)
}

// Deep recurses n levels; each frame holds a 256-byte array so the goroutine stack must grow.
//
//go:noinline
func Deep(n int) int {
	var pad [32]int64
	pad[n%32] = int64(n)
	if n <= 0 {
		return int(pad[0])
	}
	return Deep(n-1) + int(pad[n%32]&1)
}

// Fail returns an error wrapped with fmt.Errorf.
func Fail(ctx context.Context) error {
	if err := repository.Check(ctx); err != nil {
		return fmt.Errorf("service: %w", err)
	}
	return nil
}

// Alloc makes kb kilobytes of garbage.
func Alloc(kb int) int {
	return repository.Fill(kb)
}
