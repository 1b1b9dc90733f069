package handler

import (
	"context"
	"net/http"
	"sync"
	"time"

	"example.com/ctx/internal/service"
)

type Handler struct {
	audit *service.Audit
}

// Bad: r.Context() handed to a goroutine the handler does not wait for.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	go h.audit.Record(r.Context(), "create")
	w.WriteHeader(http.StatusCreated)
}

// Bad: a context derived from the request (directly and through context.WithTimeout).
func (h *Handler) Derived(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go h.audit.Record(ctx, "derived")
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	go func() {
		_ = h.audit.Record(tctx, "timeout")
	}()
}

// Bad: the *http.Request itself, captured by a goroutine.
func (h *Handler) Request(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = h.audit.Record(context.Background(), r.URL.Path)
	}()
}

// Good: context.WithoutCancel keeps the values without the cancellation (contextcheck and gosec
// G118 accept it: it is derived from the request's context).
func (h *Handler) Detached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go h.audit.Record(ctx, "detached")
}

// Good (false positive fixed): the handler waits for its goroutines before returning.
func (h *Handler) Waits(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = h.audit.Record(r.Context(), "waited")
	}()
	wg.Wait()
}

// Good (false positive fixed): a value copied out of the request before the go statement.
func (h *Handler) Copies(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() {
		_ = h.audit.Record(context.Background(), path)
	}()
}

// Good (false positive fixed): ctx is reassigned to a detached context before the goroutine.
func (h *Handler) Reassigned(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ctx = context.WithoutCancel(ctx)
	go h.audit.Record(ctx, "reassigned")
}

// Bad: a handler literal inside a middleware (checked on its own, once).
func Middleware(audit *service.Audit, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		go audit.Record(req.Context(), "middleware")
		next.ServeHTTP(w, req)
	})
}

// Good: not a handler.
func Background(audit *service.Audit, ctx context.Context) {
	go audit.Record(ctx, "background")
}

// Good (false positive fixed, from net/http/httputil.ReverseProxy): a goroutine that only watches
// the request's context to stop when the request ends.
func (h *Handler) Watcher(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := make(chan struct{})
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	close(stop)
}
