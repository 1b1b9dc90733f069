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

// Not checked: a function literal (the pointer is captured, not passed to another layer's function).
func (s *Service) Literal(o repository.Order) {
	go func() { s.repo.Save(&o) }()
}
