// Package dep says which copy was built.
package dep

// Name is the copy's name.
func Name() string { return "dep-v2" }
