// Package domain holds the user entity.
package domain

// User is one user.
type User struct {
	Name string
	Age  int
}
