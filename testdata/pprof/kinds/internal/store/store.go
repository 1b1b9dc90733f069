// Package store is the infra layer: it keeps orders (in-use heap), contends on a mutex and
// blocks on channels.
package store

import (
	"sync"
	"time"
)

// Store keeps orders under a mutex.
type Store struct {
	mu     sync.Mutex
	orders map[int][]byte
}

// New makes an empty store.
func New() *Store { return &Store{orders: map[int][]byte{}} }

// Put copies the payload and keeps it (it stays in use) while holding the mutex for a while.
//
//go:noinline
func (s *Store) Put(id int, payload []byte) {
	buf := make([]byte, len(payload))
	copy(buf, payload)
	s.mu.Lock()
	s.orders[id] = buf
	spin(20 * time.Microsecond)
	s.mu.Unlock()
}

// Drop forgets every other order, so that an earlier heap profile has more in use than a later one.
func (s *Store) Drop() {
	s.mu.Lock()
	for id := range s.orders {
		if id%2 == 0 {
			delete(s.orders, id)
		}
	}
	s.mu.Unlock()
}

// Wait parks the caller on a channel until it is closed (for goroutine and block profiles).
//
//go:noinline
func Wait(ch <-chan struct{}) { <-ch }

func spin(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
	}
}
