package handler

import (
	"fmt"
	"log"

	"example.com/err/internal/service"
)

type Handler struct {
	svc *service.Service
}

// Bad: the top of the path re-wraps again before logging (handler → service → repository).
func (h *Handler) Get(id int64) {
	_, err := h.svc.Get(id)
	if err != nil {
		log.Print(fmt.Errorf("handler: get: %w", err))
	}
}
