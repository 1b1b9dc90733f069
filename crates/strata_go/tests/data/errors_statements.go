package broken

func f() {
	if x := 1 {
	}
	for a, b, c := range x {
	}
	go f
	L: x, y
	switch x = y.(type) {}
}

type T struct { a int b int }
