package generics

import "fmt"

type Number interface {
	~int | ~int64 | float64
}

type List[T any] struct {
	items []T
	next  *List[T]
}

type Pair[K comparable, V any] struct{ Key K; Val V }

type Array [N]int

type PT[P *C, C any] struct{}

type Alias[T any] = List[T]

func Map[S ~[]E, E, R any](s S, f func(E) R) []R {
	out := make([]R, 0, len(s))
	for _, v := range s {
		out = append(out, f(v))
	}
	return out
}

// Generic method (Go 1.27).
func (l *List[T]) Each[U any](f func(T) U) {}

func use() {
	a := Map[[]int, int, string]([]int{1}, func(i int) string { return fmt.Sprint(i) })
	var f = Map[[]int]
	x := a[0](1)
	p := Pair[string, int]{Key: "a", Val: 1}
	_, _, _ = f, x, p
}
