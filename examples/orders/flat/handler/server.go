// Package handler is the whole flat service: HTTP handlers that authenticate, authorize and query
// PostgreSQL and Redis themselves, passing the caller and tenant as arguments.
package handler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"example.com/orders/flat/domain"
	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// Request limits and cache lifetime.
const (
	MaxBodyBytes  = 64 << 10
	DefaultLimit  = 20
	MaxLimit      = 100
	PermissionTTL = 5 * time.Minute
)

// Server serves the /orders API.
type Server struct {
	pg     *pgxpool.Pool
	rdb    *redis.Client
	secret []byte
	parser *jwt.Parser
	log    *slog.Logger
}

// NewServer returns a Server on the given pool and Redis client.
func NewServer(pg *pgxpool.Pool, rdb *redis.Client, secret []byte, log *slog.Logger) *Server {
	return &Server{
		pg: pg, rdb: rdb, secret: secret, log: log,
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired()),
	}
}

// Routes registers the API on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST /orders", s.serve(s.createOrder))
	mux.HandleFunc("GET /orders/{id}", s.serve(s.getOrder))
	mux.HandleFunc("GET /orders", s.serve(s.listOrders))
}

type caller struct {
	user   int64
	tenant int64
	role   string
}

type claims struct {
	Tenant int64  `json:"tenant"`
	Role   string `json:"role"`
	jwt.RegisteredClaims
}

type apiFunc func(w http.ResponseWriter, r *http.Request, c caller) error

// serve authenticates the request, runs fn with the caller, and turns its error into the answer.
func (s *Server) serve(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		reqID := r.Header.Get("X-Request-Id")
		if reqID == "" || len(reqID) > 64 {
			var b [8]byte
			_, _ = rand.Read(b[:])
			reqID = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", reqID)
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "request_id", reqID, "panic", fmt.Sprint(v))
				writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
			}
		}()
		c, err := s.authenticate(r.Header.Get("Authorization"))
		if err == nil {
			err = fn(w, r, c)
		}
		if err != nil {
			s.fail(w, reqID, err)
		}
	}
}

func (s *Server) authenticate(header string) (caller, error) {
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || token == "" {
		return caller{}, domain.ErrUnauthorized
	}
	var cl claims
	if _, err := s.parser.ParseWithClaims(token, &cl, func(*jwt.Token) (any, error) { return s.secret, nil }); err != nil {
		return caller{}, errors.Join(domain.ErrUnauthorized, err)
	}
	user, err := strconv.ParseInt(cl.Subject, 10, 64)
	if err != nil || user <= 0 || cl.Tenant <= 0 || cl.Role == "" {
		return caller{}, domain.ErrUnauthorized
	}
	return caller{user: user, tenant: cl.Tenant, role: cl.Role}, nil
}

// authorize checks (role, orders, action) in Redis, falling back to PostgreSQL and caching the answer.
func (s *Server) authorize(ctx context.Context, reqID, role, action string) error {
	key := "perm:" + role + ":orders:" + action
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		if v == "1" {
			return nil
		}
		return domain.ErrForbidden
	}
	if !errors.Is(err, redis.Nil) {
		return err
	}
	var allowed bool
	if err := s.pg.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM permissions WHERE role = $1 AND resource = $2 AND action = $3)`,
		role, "orders", action).Scan(&allowed); err != nil {
		return err
	}
	value := "0"
	if allowed {
		value = "1"
	}
	if err := s.rdb.Set(ctx, key, value, PermissionTTL).Err(); err != nil {
		s.log.Warn("permission cache set failed", "request_id", reqID, "err", err)
	}
	if !allowed {
		return domain.ErrForbidden
	}
	return nil
}

type errorBody struct {
	Error string `json:"error"`
}

type badRequest string

func (e badRequest) Error() string { return string(e) }

type invalid string

func (e invalid) Error() string { return string(e) }

func (s *Server) fail(w http.ResponseWriter, reqID string, err error) {
	var (
		bad badRequest
		inv invalid
	)
	switch {
	case errors.As(err, &bad):
		writeJSON(w, http.StatusBadRequest, errorBody{string(bad)})
	case errors.Is(err, domain.ErrUnauthorized):
		writeJSON(w, http.StatusUnauthorized, errorBody{"unauthorized"})
	case errors.Is(err, domain.ErrForbidden):
		writeJSON(w, http.StatusForbidden, errorBody{"forbidden"})
	case errors.Is(err, domain.ErrNotFound):
		writeJSON(w, http.StatusNotFound, errorBody{"order not found"})
	case errors.As(err, &inv):
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{string(inv)})
	default:
		s.log.Error("request failed", "request_id", reqID, "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("invalid order id")
	}
	ctx := r.Context()
	if err := s.authorize(ctx, w.Header().Get("X-Request-Id"), c.role, "read"); err != nil {
		return err
	}
	var o domain.Order
	err = s.pg.QueryRow(ctx, `SELECT id, user_id, status, currency, total_cents, created_at
FROM orders WHERE id = $1 AND tenant_id = $2`, id, c.tenant).
		Scan(&o.ID, &o.UserID, &o.Status, &o.Currency, &o.TotalCents, &o.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.ErrNotFound
	}
	if err != nil {
		return err
	}
	orders := []domain.Order{o}
	if err := s.loadItems(ctx, orders); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &orders[0])
	return nil
}

// loadItems fills the items of orders with one query.
func (s *Server) loadItems(ctx context.Context, orders []domain.Order) error {
	if len(orders) == 0 {
		return nil
	}
	ids := make([]int64, len(orders))
	index := make(map[int64]int, len(orders))
	for i := range orders {
		ids[i] = orders[i].ID
		index[orders[i].ID] = i
		orders[i].Items = []domain.Item{}
		orders[i].CreatedAt = orders[i].CreatedAt.UTC()
	}
	rows, err := s.pg.Query(ctx, `SELECT order_id, sku, qty, price_cents
FROM order_items WHERE order_id = ANY($1) ORDER BY order_id, line`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			orderID int64
			it      domain.Item
		)
		if err := rows.Scan(&orderID, &it.SKU, &it.Quantity, &it.PriceCents); err != nil {
			return err
		}
		o := &orders[index[orderID]]
		o.Items = append(o.Items, it)
	}
	return rows.Err()
}

type listBody struct {
	Orders []domain.Order `json:"orders"`
	Count  int            `json:"count"`
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request, c caller) error {
	q := r.URL.Query()
	user, err := strconv.ParseInt(q.Get("user"), 10, 64)
	if err != nil || user <= 0 {
		return badRequest("invalid user")
	}
	limit := DefaultLimit
	if v := q.Get("limit"); v != "" {
		limit, err = strconv.Atoi(v)
		if err != nil || limit < 1 || limit > MaxLimit {
			return badRequest("invalid limit")
		}
	}
	ctx := r.Context()
	if err := s.authorize(ctx, w.Header().Get("X-Request-Id"), c.role, "list"); err != nil {
		return err
	}
	rows, err := s.pg.Query(ctx, `SELECT id, user_id, status, currency, total_cents, created_at
FROM orders WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3`, c.tenant, user, limit)
	if err != nil {
		return err
	}
	orders := make([]domain.Order, 0, limit)
	for rows.Next() {
		var o domain.Order
		if err := rows.Scan(&o.ID, &o.UserID, &o.Status, &o.Currency, &o.TotalCents, &o.CreatedAt); err != nil {
			rows.Close()
			return err
		}
		orders = append(orders, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := s.loadItems(ctx, orders); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listBody{Orders: orders, Count: len(orders)})
	return nil
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request, c caller) error {
	var n domain.NewOrder
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes)).Decode(&n); err != nil {
		return errors.Join(badRequest("invalid request body"), err)
	}
	ctx := r.Context()
	if err := s.authorize(ctx, w.Header().Get("X-Request-Id"), c.role, "create"); err != nil {
		return err
	}
	if msg := n.Validate(); msg != "" {
		return invalid(msg)
	}
	o := domain.Order{UserID: c.user, Status: "pending", Currency: n.Currency, TotalCents: n.TotalCents(), Items: n.Items}
	tx, err := s.pg.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := tx.QueryRow(ctx, `INSERT INTO orders (tenant_id, user_id, status, currency, total_cents, created_at)
VALUES ($1, $2, $3, $4, $5, now()) RETURNING id, created_at`, c.tenant, o.UserID, o.Status, o.Currency, o.TotalCents).
		Scan(&o.ID, &o.CreatedAt); err != nil {
		return err
	}
	for i, it := range o.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO order_items (order_id, line, sku, qty, price_cents) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, i+1, it.SKU, it.Quantity, it.PriceCents); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	o.CreatedAt = o.CreatedAt.UTC()
	writeJSON(w, http.StatusCreated, &o)
	return nil
}
