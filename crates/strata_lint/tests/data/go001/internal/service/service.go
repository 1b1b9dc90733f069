package service

import (
	"sync"

	"example.com/gostmt/internal/repository"
)

type Service struct {
	repo *repository.Repo
}

// Bad: a pointer to a parameter, to a local and to a new literal, each handed to the infra layer.
func (s *Service) Place(o repository.Order) {
	go s.repo.Save(&o)
	local := repository.Order{ID: 2}
	go s.repo.Save(&local)
	go s.repo.Save(&repository.Order{ID: 1})
	var buf []byte
	go repository.Fill(&buf)
}

// Good: a copy is handed over.
func (s *Service) PlaceCopy(o repository.Order) {
	go s.repo.SaveCopy(o)
}

// Good (false positives fixed): synchronisation values are meant to be shared.
func (s *Service) Sync() {
	var wg sync.WaitGroup
	wg.Add(1)
	go repository.Run(&wg)
	wg.Wait()
	var mu sync.Mutex
	go repository.Guard(&mu)
	ch := make(chan int)
	go repository.Watch(&ch)
}

// Good: the same layer.
func (s *Service) SameLayer(o repository.Order) {
	go s.keep(&o)
}

func (s *Service) keep(o *repository.Order) {}

// Bad: the go literal captures o by reference and hands &o to the infra layer (the compiler says
// "moved to heap: o", as for `go s.repo.Save(&o)`).
func (s *Service) Literal(o repository.Order) {
	go func() { s.repo.Save(&o) }()
}

// Bad: the go statement passes &o to the literal's parameter, which the body hands on.
func (s *Service) LiteralParam(o repository.Order) {
	go func(p *repository.Order) { s.repo.Save(p) }(&o)
}

// Good: the literal's own variable (the goroutine's, not shared with the caller), a captured
// WaitGroup (shared by design), a copy.
func (s *Service) LiteralOwn(o repository.Order) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mine := repository.Order{ID: 3}
		s.repo.Save(&mine)
		repository.Run(&wg)
		s.repo.SaveCopy(o)
	}()
	wg.Wait()
}

// Good: the same layer, through a literal.
func (s *Service) LiteralSameLayer(o repository.Order) {
	go func() { s.keep(&o) }()
}
