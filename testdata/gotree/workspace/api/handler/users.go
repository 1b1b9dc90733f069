// Package handler serves users over HTTP.
package handler

import (
	"fmt"
	"net/http"

	"example.com/store/domain"
	"example.com/store/repository"
)

// Users is the HTTP adapter.
type Users struct{ Repo *repository.Users }

func (u Users) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var user domain.User = u.Repo.Get(r.URL.Query().Get("name"))
	fmt.Fprintf(w, "%s %d\n", user.Name, user.Age)
}
