package service

import (
	"context"
	"fmt"

	"example.com/pass/internal/repository"
)

type Service struct {
	repo *repository.Repo
}

// Bad: the four pass-through forms; 4 of the 5 functions with parameters forward (80%).
func (s *Service) Get(ctx context.Context, id int64) (string, error) {
	return s.repo.Get(ctx, id)
}

func (s *Service) Touch(ctx context.Context, id int64) {
	s.repo.Touch(ctx, id)
}

func (s *Service) GetWrapped(ctx context.Context, id int64) (string, error) {
	v, err := s.repo.Get(ctx, id)
	if err != nil {
		return "", fmt.Errorf("service: get: %w", err)
	}
	return v, nil
}

func (s *Service) Delete(ctx context.Context, id int64) error {
	if err := s.repo.Delete(ctx, id); err != nil {
		return err
	}
	return nil
}

// Good: it decides something before forwarding.
func (s *Service) GetPositive(ctx context.Context, id int64) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("service: bad id %d", id)
	}
	return s.repo.Get(ctx, id)
}

// Not counted: no parameters.
func (s *Service) Name() string { return "service" }
