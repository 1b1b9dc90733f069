// Package repository maps the domain model to PostgreSQL rows (and permissions to Redis + PostgreSQL).
package repository

import (
	"context"
	"errors"
	"fmt"
	"time"

	"example.com/orders/layered/db"
	"example.com/orders/layered/domain"
)

// OrderRepository stores and loads orders of the caller's tenant.
type OrderRepository interface {
	Get(ctx context.Context, id int64) (domain.Order, error)
	ListByUser(ctx context.Context, userID int64, limit int) ([]domain.Order, error)
	Create(ctx context.Context, o domain.NewOrder) (domain.Order, error)
}

// ErrNoTenant means the context carries no principal to scope the query by.
var ErrNoTenant = errors.New("no tenant in context")

type orderRow struct {
	ID         int64
	TenantID   int64
	UserID     int64
	Status     string
	Currency   string
	TotalCents int64
	CreatedAt  time.Time
}

type itemRow struct {
	OrderID    int64
	Line       int32
	SKU        string
	Qty        int32
	PriceCents int64
}

func (r orderRow) toDomain(items []itemRow) domain.Order {
	o := domain.Order{
		ID:         r.ID,
		TenantID:   r.TenantID,
		UserID:     r.UserID,
		Status:     domain.Status(r.Status),
		Currency:   r.Currency,
		TotalCents: r.TotalCents,
		CreatedAt:  r.CreatedAt.UTC(),
		Items:      make([]domain.Item, 0, len(items)),
	}
	for _, it := range items {
		o.Items = append(o.Items, domain.Item{SKU: it.SKU, Quantity: int(it.Qty), PriceCents: it.PriceCents})
	}
	return o
}

type pgOrderRepository struct {
	db db.Database
}

// NewOrderRepository returns an OrderRepository on database.
func NewOrderRepository(database db.Database) OrderRepository {
	return &pgOrderRepository{db: database}
}

func tenantFrom(ctx context.Context) (int64, error) {
	p, ok := domain.PrincipalFrom(ctx)
	if !ok {
		return 0, ErrNoTenant
	}
	return p.TenantID, nil
}

const (
	selectOrder = `SELECT id, tenant_id, user_id, status, currency, total_cents, created_at
FROM orders WHERE id = $1 AND tenant_id = $2`
	selectItems = `SELECT order_id, line, sku, qty, price_cents
FROM order_items WHERE order_id = ANY($1) ORDER BY order_id, line`
	selectOrdersByUser = `SELECT id, tenant_id, user_id, status, currency, total_cents, created_at
FROM orders WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3`
	insertOrder = `INSERT INTO orders (tenant_id, user_id, status, currency, total_cents, created_at)
VALUES ($1, $2, $3, $4, $5, now()) RETURNING id, created_at`
	insertItem = `INSERT INTO order_items (order_id, line, sku, qty, price_cents) VALUES ($1, $2, $3, $4, $5)`
)

func (r *pgOrderRepository) Get(ctx context.Context, id int64) (domain.Order, error) {
	tenant, err := tenantFrom(ctx)
	if err != nil {
		return domain.Order{}, fmt.Errorf("repository: get order %d: %w", id, err)
	}
	var row orderRow
	err = r.db.QueryRow(ctx, selectOrder, id, tenant).
		Scan(&row.ID, &row.TenantID, &row.UserID, &row.Status, &row.Currency, &row.TotalCents, &row.CreatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return domain.Order{}, fmt.Errorf("repository: get order %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return domain.Order{}, fmt.Errorf("repository: get order %d: %w", id, err)
	}
	items, err := r.items(ctx, []int64{id})
	if err != nil {
		return domain.Order{}, fmt.Errorf("repository: get order %d: %w", id, err)
	}
	return row.toDomain(items[id]), nil
}

func (r *pgOrderRepository) ListByUser(ctx context.Context, userID int64, limit int) ([]domain.Order, error) {
	tenant, err := tenantFrom(ctx)
	if err != nil {
		return nil, fmt.Errorf("repository: list orders: %w", err)
	}
	rows, err := r.db.Query(ctx, selectOrdersByUser, tenant, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("repository: list orders: %w", err)
	}
	var orderRows []orderRow
	for rows.Next() {
		var row orderRow
		if err := rows.Scan(&row.ID, &row.TenantID, &row.UserID, &row.Status, &row.Currency, &row.TotalCents,
			&row.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("repository: list orders: scan: %w", err)
		}
		orderRows = append(orderRows, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("repository: list orders: %w", err)
	}
	ids := make([]int64, 0, len(orderRows))
	for _, row := range orderRows {
		ids = append(ids, row.ID)
	}
	items, err := r.items(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("repository: list orders: %w", err)
	}
	orders := make([]domain.Order, 0, len(orderRows))
	for _, row := range orderRows {
		orders = append(orders, row.toDomain(items[row.ID]))
	}
	return orders, nil
}

func (r *pgOrderRepository) items(ctx context.Context, orderIDs []int64) (map[int64][]itemRow, error) {
	out := make(map[int64][]itemRow, len(orderIDs))
	if len(orderIDs) == 0 {
		return out, nil
	}
	rows, err := r.db.Query(ctx, selectItems, orderIDs)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it itemRow
		if err := rows.Scan(&it.OrderID, &it.Line, &it.SKU, &it.Qty, &it.PriceCents); err != nil {
			return nil, fmt.Errorf("items: scan: %w", err)
		}
		out[it.OrderID] = append(out[it.OrderID], it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	return out, nil
}

func (r *pgOrderRepository) Create(ctx context.Context, o domain.NewOrder) (domain.Order, error) {
	row := orderRow{
		TenantID:   o.TenantID,
		UserID:     o.UserID,
		Status:     string(domain.StatusPending),
		Currency:   o.Currency,
		TotalCents: o.TotalCents(),
	}
	items := make([]itemRow, 0, len(o.Items))
	for i, it := range o.Items {
		items = append(items, itemRow{Line: int32(i + 1), SKU: it.SKU, Qty: int32(it.Quantity), PriceCents: it.PriceCents})
	}
	err := r.db.InTx(ctx, func(q db.Querier) error {
		if err := q.QueryRow(ctx, insertOrder, row.TenantID, row.UserID, row.Status, row.Currency, row.TotalCents).
			Scan(&row.ID, &row.CreatedAt); err != nil {
			return fmt.Errorf("insert order: %w", err)
		}
		for i := range items {
			items[i].OrderID = row.ID
			it := items[i]
			if err := q.Exec(ctx, insertItem, it.OrderID, it.Line, it.SKU, it.Qty, it.PriceCents); err != nil {
				return fmt.Errorf("insert item %d: %w", it.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return domain.Order{}, fmt.Errorf("repository: create order: %w", err)
	}
	return row.toDomain(items), nil
}
