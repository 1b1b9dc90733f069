// Package handler is the adapter layer.
package handler

import "example.com/escdemo/service"

// Handler is the transport.
type Handler struct{ svc *service.Service }

// New returns a handler.
func New(s *service.Service) *Handler { return &Handler{svc: s} }

// Fire starts the work in a goroutine: req is moved to the heap because the go statement
// captures its address.
func (h *Handler) Fire(id int) {
	req := service.Request{ID: id}
	go h.svc.Process(&req)
}

// Keep stores a value built here in the app layer's maps.
func (h *Handler) Keep(id int, name string) {
	h.svc.Register(id, name)
}
