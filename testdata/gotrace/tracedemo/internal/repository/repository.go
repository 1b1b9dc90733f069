// Package repository is the infra layer of the trace demo: a mutex-protected store that also writes
// and fsyncs a file now and then (syscalls), and a condition variable for batch flushes.
package repository

import (
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Store is a tiny key-value store.
type Store struct {
	mu      sync.Mutex
	data    map[int]int
	dir     string
	flushMu sync.Mutex
	flushed *sync.Cond
	pending int
}

// New returns a store writing its files under dir.
func New(dir string) *Store {
	s := &Store{data: map[int]int{}, dir: dir}
	s.flushed = sync.NewCond(&s.flushMu)
	return s
}

// Get reads and bumps a key under the mutex; the mutex is held long enough for contention
// (block reason "sync").
func (s *Store) Get(k int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.data[k]
	s.data[k] = v + 1
	time.Sleep(20 * time.Microsecond)
	return v
}

// Persist writes and fsyncs a small file (syscalls).
func (s *Store) Persist(k int) error {
	name := filepath.Join(s.dir, "item")
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write([]byte{byte(k)}); err != nil {
		return err
	}
	return f.Sync()
}

// WaitFlush blocks on a sync.Cond until Flush is called (block reason "sync.(*Cond).Wait").
func (s *Store) WaitFlush() {
	s.flushMu.Lock()
	s.pending++
	for s.pending > 0 {
		s.flushed.Wait()
	}
	s.flushMu.Unlock()
}

// Flush wakes every WaitFlush caller.
func (s *Store) Flush() {
	s.flushMu.Lock()
	s.pending = 0
	s.flushed.Broadcast()
	s.flushMu.Unlock()
}
