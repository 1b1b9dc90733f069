// Package handler is the HTTP adapter.
package handler

import (
	"encoding/json"
	"net/http"
	"strconv"

	"example.com/shop/internal/service"
)

// Handler serves orders over HTTP.
type Handler struct{ svc *service.Orders }

// New returns the HTTP handler.
func New(svc *service.Orders) http.Handler {
	h := &Handler{svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", h.get)
	return mux
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	o, err := h.svc.Get(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(o)
}
