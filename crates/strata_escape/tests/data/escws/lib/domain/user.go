// Package domain lives in its own workspace module.
package domain

// User is an entity.
type User struct{ Name string }

// NewUser is inlined into callers in the other module.
func NewUser(name string) *User { return &User{Name: name} }
