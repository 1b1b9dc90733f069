package main

import (
	"example.com/escdemo/handler"
	"example.com/escdemo/repository"
	"example.com/escdemo/service"
)

func main() {
	h := handler.New(service.New(repository.New()))
	h.Fire(1)
	h.Keep(2, "b")
}
