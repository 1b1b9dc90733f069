// Package repository stores users.
package repository

import "example.com/store/domain"

// Users is an in-memory user store.
type Users struct{ m map[string]domain.User }

// New returns a store with one user.
func New() *Users { return &Users{m: map[string]domain.User{"ada": {Name: "ada", Age: 36}}} }

// Get returns a user or the zero user.
func (u *Users) Get(name string) domain.User { return u.m[name] }
