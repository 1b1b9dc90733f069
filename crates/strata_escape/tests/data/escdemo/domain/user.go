// Package domain is the innermost layer.
package domain

// User is an entity.
type User struct {
	ID   int
	Name string
}

// NewUser returns a pointer: inlined into callers, the allocation happens in their frame.
func NewUser(id int, name string) *User { return &User{ID: id, Name: name} }
