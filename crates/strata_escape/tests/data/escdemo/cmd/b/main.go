package main

import (
	"fmt"

	"example.com/escdemo/domain"
)

func main() {
	u := domain.NewUser(3, "c")
	fmt.Println(u.Name)
}
