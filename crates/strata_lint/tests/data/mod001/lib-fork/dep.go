// Package dep says which copy was built.
package lib

// Name is the copy's name.
func Name() string { return "lib-fork" }
