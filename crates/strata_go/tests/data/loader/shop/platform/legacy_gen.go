// +build ignore

// A generator excluded by a legacy +build line (no //go:build line): go list and strata both skip it.
package main

func main() {}
