// Package repository is infra.
package repository

import (
	"context"
	"fmt"

	"example.com/escdemo/domain"
)

// Repo stores users.
type Repo struct{ users map[int]*domain.User }

// New returns a repo.
func New() *Repo { return &Repo{users: map[int]*domain.User{}} }

// Get returns a user.
func (r *Repo) Get(_ context.Context, id int) (*domain.User, error) {
	u, ok := r.users[id]
	if !ok {
		return nil, fmt.Errorf("repository: get %d: not found", id)
	}
	return u, nil
}

// Save keeps a user; the pointer is stored, so the argument escapes at every caller.
func (r *Repo) Save(u *domain.User) { r.users[u.ID] = u }
