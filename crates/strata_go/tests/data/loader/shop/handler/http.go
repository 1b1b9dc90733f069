package handler

import (
	"net/http"

	"example.com/shop/service"
)

type Handler struct{ svc *service.Orders }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go func() { h.svc.Load(1) }()
	w.WriteHeader(http.StatusOK)
	service.New(nil)
}
