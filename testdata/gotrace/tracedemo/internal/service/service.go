// Package service is the app layer of the trace demo: it calls the repository and the domain and
// hands work to a pipeline of goroutines over channels (block reasons "chan send", "chan receive",
// "select").
package service

import (
	"context"
	"runtime/trace"
	"time"

	"example.com/tracedemo/internal/domain"
	"example.com/tracedemo/internal/repository"
)

// Recorder receives the wall time of every region the demo opens.
type Recorder func(name string, d time.Duration)

// Service glues repository and domain.
type Service struct {
	Store  *repository.Store
	Record Recorder
	work   chan int
	done   chan int
}

// New starts the pipeline goroutines.
func New(store *repository.Store, record Recorder) *Service {
	s := &Service{Store: store, Record: record, work: make(chan int), done: make(chan int)}
	go s.pipeline()
	return s
}

func (s *Service) pipeline() {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case v := <-s.work:
			time.Sleep(50 * time.Microsecond)
			s.done <- v + 1
		case <-tick.C:
		}
	}
}

// Region runs f inside a trace region and records its wall time.
func (s *Service) Region(ctx context.Context, name string, f func()) {
	start := time.Now()
	r := trace.StartRegion(ctx, name)
	f()
	r.End()
	s.Record(name, time.Since(start))
}

// Handle is one request's business logic.
func (s *Service) Handle(ctx context.Context, k int) int {
	var out int
	s.Region(ctx, "service.Handle", func() {
		var v int
		s.Region(ctx, "repository.Get", func() { v = s.Store.Get(k % 16) })
		if k%7 == 0 {
			s.Region(ctx, "repository.Persist", func() { _ = s.Store.Persist(k) })
		}
		s.Region(ctx, "domain.Score", func() { out = domain.Score(v, 20000+(k%10)*20000) })
		s.work <- out
		out = <-s.done
		if k%5 == 0 {
			time.Sleep(100 * time.Microsecond)
		}
	})
	return out
}
