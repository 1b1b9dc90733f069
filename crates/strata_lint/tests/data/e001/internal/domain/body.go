package domain

import "errors"

var ErrX = errors.New("x")

// A syntax error past the imports: only the parser sees it.
func Broken(n int) int {
	if n > 0 {
		return n +
	}
	return 0
}
