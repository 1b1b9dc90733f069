// Package repository is the infra layer of stratasvc: an in-memory store.
package repository

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	mu    sync.Mutex
	store = map[string]string{"fast": "ok"}
	sink  [][]byte
)

// Get reads key under a mutex.
func Get(ctx context.Context, key string) string {
	mu.Lock()
	defer mu.Unlock()
	if v, ok := ctx.Value(key).(string); ok {
		return v
	}
	return store[key]
}

// Sleep blocks ms milliseconds on a timer (a goroutine park with reason "sleep").
func Sleep(ctx context.Context, ms int) string {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return "slept"
	case <-ctx.Done():
		return "cancelled"
	}
}

// ErrMissing is what Check returns.
var ErrMissing = errors.New("missing row")

// Check always fails, wrapping ErrMissing.
func Check(ctx context.Context) error {
	return fmt.Errorf("repository: %w", ErrMissing)
}

// Fill allocates kb kilobytes in 1 KiB slices and keeps only the last few.
func Fill(kb int) int {
	total := 0
	for i := 0; i < kb; i++ {
		b := make([]byte, 1024)
		b[0] = byte(i)
		total += int(b[0])
		mu.Lock()
		sink = append(sink, b)
		if len(sink) > 64 {
			sink = sink[1:]
		}
		mu.Unlock()
	}
	return total
}
