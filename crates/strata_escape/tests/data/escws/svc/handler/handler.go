// Package handler is the adapter of the service module.
package handler

import "example.com/lib/domain"

var users []*domain.User

// Add keeps a user built by the other module's domain package.
func Add(name string) { users = append(users, domain.NewUser(name)) }
