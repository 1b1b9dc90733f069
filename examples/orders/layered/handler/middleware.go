package handler

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"example.com/orders/layered/domain"
	"example.com/orders/layered/service"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middlewares so that the first one runs first.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RequestID stores the X-Request-Id of the request (or a new one) in the context and echoes it.
func RequestID() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-Id")
			if id == "" || len(id) > 64 {
				id = newRequestID()
			}
			w.Header().Set("X-Request-Id", id)
			next.ServeHTTP(w, r.WithContext(domain.WithRequestID(r.Context(), id)))
		})
	}
}

// Recover turns a panic into a 500 answer.
func Recover(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					log.ErrorContext(r.Context(), "panic", "request_id", domain.RequestIDFrom(r.Context()),
						"panic", fmt.Sprint(v))
					writeJSON(w, http.StatusInternalServerError, ErrorResponse{Error: "internal error"})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// Authenticate verifies the bearer token and stores the principal in the context.
func Authenticate(auth service.AuthService, log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || token == "" {
				writeError(w, r, log, fmt.Errorf("handler: authenticate: %w: missing bearer token", domain.ErrUnauthorized))
				return
			}
			p, err := auth.Authenticate(r.Context(), token)
			if err != nil {
				writeError(w, r, log, fmt.Errorf("handler: authenticate: %w", err))
				return
			}
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
		})
	}
}
