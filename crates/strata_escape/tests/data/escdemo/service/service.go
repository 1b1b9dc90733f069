// Package service is the app layer.
package service

import (
	"context"
	"fmt"

	"example.com/escdemo/domain"
	"example.com/escdemo/repository"
)

// Service holds the use cases.
type Service struct{ repo *repository.Repo }

// New returns a service.
func New(r *repository.Repo) *Service { return &Service{repo: r} }

// Register creates and stores a user: the domain allocation is inlined here, and the pointer
// crosses into infra through Save.
func (s *Service) Register(id int, name string) {
	u := domain.NewUser(id, name)
	s.repo.Save(u)
}

// Request is an input.
type Request struct{ ID int }

// Process handles a request.
func (s *Service) Process(req *Request) error {
	if _, err := s.repo.Get(context.Background(), req.ID); err != nil {
		return fmt.Errorf("service: %w", err)
	}
	return nil
}
