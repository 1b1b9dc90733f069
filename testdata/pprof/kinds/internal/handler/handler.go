// Package handler is the adapter layer: it decodes "requests" (allocating) and calls the service.
package handler

import (
	"strconv"

	"example.com/kinds/internal/service"
	"example.com/kinds/internal/store"
)

// Handler serves requests.
type Handler struct{ Svc *service.Orders }

// Serve allocates a request string, then calls the service.
//
//go:noinline
func (h *Handler) Serve(id int) int {
	req := []byte("order-" + strconv.Itoa(id))
	return h.Svc.Create(id) + len(req)
}

// Listen parks on ch through the store (block profile: a channel wait below the adapter).
//
//go:noinline
func Listen(ch <-chan struct{}) { store.Wait(ch) }
