// Package handler is the adapter layer of the trace demo: one trace task per request, a log line,
// and a loopback TCP round trip (block reason "network").
package handler

import (
	"context"
	"fmt"
	"io"
	"net"
	"runtime/trace"

	"example.com/tracedemo/internal/service"
)

// Handler serves requests.
type Handler struct {
	Svc  *service.Service
	Addr string
}

// Serve handles request k.
func (h *Handler) Serve(parent context.Context, k int) {
	ctx, task := trace.NewTask(parent, "request")
	defer task.End()
	trace.Log(ctx, "route", fmt.Sprintf("/items/%d", k))
	h.Svc.Region(ctx, "handler.Serve", func() {
		h.Svc.Handle(ctx, k)
		if k%4 == 0 {
			h.Svc.Region(ctx, "handler.Downstream", func() { h.roundTrip(k) })
		}
	})
}

func (h *Handler) roundTrip(k int) {
	c, err := net.Dial("tcp", h.Addr)
	if err != nil {
		return
	}
	defer c.Close()
	if _, err := fmt.Fprintf(c, "%04d\n", k%10000); err != nil {
		return
	}
	buf := make([]byte, 5)
	_, _ = io.ReadFull(c, buf)
}
