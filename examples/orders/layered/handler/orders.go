// Package handler is the HTTP adapter of the layered service: routing, middleware, DTOs and the mapping
// of domain errors to status codes.
package handler

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"example.com/orders/layered/domain"
	"example.com/orders/layered/service"
)

// Request limits.
const (
	MaxBodyBytes = 64 << 10
	DefaultLimit = 20
	MaxLimit     = 100
)

// OrderHandler serves the /orders API.
type OrderHandler struct {
	orders service.OrderService
	log    *slog.Logger
}

// NewOrderHandler returns an OrderHandler.
func NewOrderHandler(orders service.OrderService, log *slog.Logger) *OrderHandler {
	return &OrderHandler{orders: orders, log: log}
}

// Routes registers the API on mux; every /orders route runs behind mws.
func (h *OrderHandler) Routes(mux *http.ServeMux, mws ...Middleware) {
	mux.Handle("POST /orders", Chain(http.HandlerFunc(h.createOrder), mws...))
	mux.Handle("GET /orders/{id}", Chain(http.HandlerFunc(h.getOrder), mws...))
	mux.Handle("GET /orders", Chain(http.HandlerFunc(h.listOrders), mws...))
}

// badRequest is a client error found by the handler itself.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func (h *OrderHandler) getOrder(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, r, h.log, fmt.Errorf("handler: get order: %w", &badRequest{"invalid order id"}))
		return
	}
	o, err := h.orders.GetOrder(r.Context(), id)
	if err != nil {
		writeError(w, r, h.log, fmt.Errorf("handler: get order: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, newOrderResponse(o))
}

func (h *OrderHandler) listOrders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	userID, err := strconv.ParseInt(q.Get("user"), 10, 64)
	if err != nil || userID <= 0 {
		writeError(w, r, h.log, fmt.Errorf("handler: list orders: %w", &badRequest{"invalid user"}))
		return
	}
	limit := DefaultLimit
	if s := q.Get("limit"); s != "" {
		limit, err = strconv.Atoi(s)
		if err != nil || limit < 1 || limit > MaxLimit {
			writeError(w, r, h.log, fmt.Errorf("handler: list orders: %w", &badRequest{"invalid limit"}))
			return
		}
	}
	orders, err := h.orders.ListOrders(r.Context(), userID, limit)
	if err != nil {
		writeError(w, r, h.log, fmt.Errorf("handler: list orders: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, newListOrdersResponse(orders))
}

func (h *OrderHandler) createOrder(w http.ResponseWriter, r *http.Request) {
	var req CreateOrderRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes)).Decode(&req); err != nil {
		writeError(w, r, h.log, fmt.Errorf("handler: create order: %w: %w", &badRequest{"invalid request body"}, err))
		return
	}
	o, err := h.orders.PlaceOrder(r.Context(), req.toCommand())
	if err != nil {
		writeError(w, r, h.log, fmt.Errorf("handler: create order: %w", err))
		return
	}
	writeJSON(w, http.StatusCreated, newOrderResponse(o))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError maps an error chain to a status code and a JSON error body; 5xx answers are logged.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var (
		bad   *badRequest
		inval *domain.ValidationError
	)
	switch {
	case errors.As(err, &bad):
		writeJSON(w, http.StatusBadRequest, ErrorResponse{Error: bad.msg})
	case errors.Is(err, domain.ErrUnauthorized):
		writeJSON(w, http.StatusUnauthorized, ErrorResponse{Error: "unauthorized"})
	case errors.Is(err, domain.ErrForbidden):
		writeJSON(w, http.StatusForbidden, ErrorResponse{Error: "forbidden"})
	case errors.Is(err, domain.ErrNotFound):
		writeJSON(w, http.StatusNotFound, ErrorResponse{Error: "order not found"})
	case errors.As(err, &inval):
		writeJSON(w, http.StatusUnprocessableEntity, ErrorResponse{Error: inval.Msg})
	default:
		log.ErrorContext(r.Context(), "request failed", "request_id", domain.RequestIDFrom(r.Context()), "err", err)
		writeJSON(w, http.StatusInternalServerError, ErrorResponse{Error: "internal error"})
	}
}

// Healthz answers GET /healthz.
func Healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
