package main

import (
	"log"
	"net/http"

	"example.com/api/handler"
	"example.com/store/repository"
)

func main() {
	log.Fatal(http.ListenAndServe("127.0.0.1:8081", handler.Users{Repo: repository.New()}))
}
