package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/handler"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/service"
)

func main() {
	repo := repository.NewMemory()
	svc := service.New(repo)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", handler.New(svc)))
}
