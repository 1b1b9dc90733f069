package statements

func f(ctx context, ch chan int, n int) (err error) {
outer:
	for i := range n {
		for range seq {
			if i > 2 {
				continue outer
			}
			break outer
		}
	}
	for i := 0; i < n; i++ {
	}
	for {
		goto done
	}
done:
	if v := (T{}); v.ok {
	}
	switch x := y.(type) {
	case nil, *int:
	case []string, map[string]int, func() error, chan<- int:
	default:
	}
	select {
	case v, ok := <-ch:
		_, _ = v, ok
	case ch <- 1:
	default:
	}
	switch {
	case n > 1:
		fallthrough
	case n > 0:
	}
	var r <-chan <-chan int
	p := new(int(n))
	defer func() { recover() }()
	go worker(&n, &T{a: 1}, ch)
	go func() { use(ctx, n) }()
	ch <- 1
	n++
	n <<= 2
	return fmt.Errorf("load order %d: %w", n, err)
}
