package service

import (
	"fmt"

	"example.com/err/internal/repository"
)

type Store interface {
	Get(id int64) (string, error)
}

type Service struct {
	repo  *repository.Repo
	store Store
}

// Bad: a static prefix over a callee in another layer that wraps already.
func (s *Service) Get(id int64) (string, error) {
	v, err := s.repo.Get(id)
	if err != nil {
		return "", fmt.Errorf("service: get: %w", err)
	}
	return v, nil
}

// Bad: through an interface whose implementation (repository.Repo) wraps.
func (s *Service) ViaInterface(id int64) (string, error) {
	v, err := s.store.Get(id)
	if err != nil {
		return "", fmt.Errorf("service: via interface: %w", err)
	}
	return v, nil
}

// Bad: a package function of another layer, in an if statement's init.
func (s *Service) Lookup(name string) error {
	if err := repository.Lookup(name); err != nil {
		return fmt.Errorf("service: lookup: %w", err)
	}
	return nil
}

// Good: the outer wrap adds context (%d), so it is not a static prefix.
func (s *Service) WithContext(id int64) (string, error) {
	v, err := s.repo.Get(id)
	if err != nil {
		return "", fmt.Errorf("service: get %d: %w", id, err)
	}
	return v, nil
}

// Good: the callee returns its errors unwrapped, so this is the only wrap.
func (s *Service) Plain(id int64) (string, error) {
	v, err := s.repo.Plain(id)
	if err != nil {
		return "", fmt.Errorf("service: plain: %w", err)
	}
	return v, nil
}

// Good (a false positive fixed): the callee wraps only inside a closure it does not return.
func (s *Service) Closure(id int64) (string, error) {
	v, err := s.repo.Closure(id)
	if err != nil {
		return "", fmt.Errorf("service: closure: %w", err)
	}
	return v, nil
}

// Good (a false positive fixed): err was reassigned from a same-layer call before the wrap.
func (s *Service) Reassigned(id int64) (string, error) {
	v, err := s.repo.Get(id)
	if err == nil {
		err = s.validate(v)
	}
	if err != nil {
		return "", fmt.Errorf("service: reassigned: %w", err)
	}
	return v, nil
}

func (s *Service) validate(v string) error {
	if v == "" {
		return fmt.Errorf("service: validate: %w", repository.ErrNotFound)
	}
	return nil
}

// Good: a call within the layer (validate wraps, but it is the same layer).
func (s *Service) SameLayer(v string) error {
	if err := s.validate(v); err != nil {
		return fmt.Errorf("service: same layer: %w", err)
	}
	return nil
}

// Good: %v does not wrap.
func (s *Service) NotWrapping(id int64) error {
	_, err := s.repo.Get(id)
	if err != nil {
		return fmt.Errorf("service: not wrapping: %v", err)
	}
	return nil
}

// Suppressed inline.
func (s *Service) Suppressed(id int64) error {
	_, err := s.repo.Get(id)
	if err != nil {
		//strata:ignore ERR001 the prefix is part of our public error contract
		return fmt.Errorf("service: suppressed: %w", err)
	}
	return nil
}

// Good: the callee returns an unwrapped sentinel on one of its paths, so on that path this is the
// only wrap (false positive fixed, found on Gitea).
func (s *Service) Mixed(id int64) (string, error) {
	v, err := s.repo.Mixed(id)
	if err != nil {
		return "", fmt.Errorf("service: mixed: %w", err)
	}
	return v, nil
}
