package service

import (
	"context"
	"fmt"

	"example.com/orders/layered/domain"
	"example.com/orders/layered/repository"
)

// OrderService is the order use cases, run on behalf of the caller in the context.
type OrderService interface {
	GetOrder(ctx context.Context, id int64) (domain.Order, error)
	ListOrders(ctx context.Context, userID int64, limit int) ([]domain.Order, error)
	PlaceOrder(ctx context.Context, cmd PlaceOrderCommand) (domain.Order, error)
}

// PlaceOrderCommand is the input of PlaceOrder.
type PlaceOrderCommand struct {
	Currency string
	Items    []PlaceOrderItem
}

// PlaceOrderItem is one line of a PlaceOrderCommand.
type PlaceOrderItem struct {
	SKU        string
	Quantity   int
	PriceCents int64
}

type orderService struct {
	auth   AuthService
	orders repository.OrderRepository
}

// NewOrderService returns an OrderService.
func NewOrderService(auth AuthService, orders repository.OrderRepository) OrderService {
	return &orderService{auth: auth, orders: orders}
}

func (s *orderService) GetOrder(ctx context.Context, id int64) (domain.Order, error) {
	if err := s.auth.Authorize(ctx, domain.ResourceOrders, domain.ActionRead); err != nil {
		return domain.Order{}, fmt.Errorf("service: get order: %w", err)
	}
	o, err := s.orders.Get(ctx, id)
	if err != nil {
		return domain.Order{}, fmt.Errorf("service: get order: %w", err)
	}
	return o, nil
}

func (s *orderService) ListOrders(ctx context.Context, userID int64, limit int) ([]domain.Order, error) {
	if err := s.auth.Authorize(ctx, domain.ResourceOrders, domain.ActionList); err != nil {
		return nil, fmt.Errorf("service: list orders: %w", err)
	}
	orders, err := s.orders.ListByUser(ctx, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("service: list orders: %w", err)
	}
	return orders, nil
}

func (s *orderService) PlaceOrder(ctx context.Context, cmd PlaceOrderCommand) (domain.Order, error) {
	if err := s.auth.Authorize(ctx, domain.ResourceOrders, domain.ActionCreate); err != nil {
		return domain.Order{}, fmt.Errorf("service: place order: %w", err)
	}
	p, ok := domain.PrincipalFrom(ctx)
	if !ok {
		return domain.Order{}, fmt.Errorf("service: place order: %w", ErrNoPrincipal)
	}
	n := domain.NewOrder{TenantID: p.TenantID, UserID: p.UserID, Currency: cmd.Currency}
	n.Items = make([]domain.Item, 0, len(cmd.Items))
	for _, it := range cmd.Items {
		n.Items = append(n.Items, domain.Item{SKU: it.SKU, Quantity: it.Quantity, PriceCents: it.PriceCents})
	}
	if err := n.Validate(); err != nil {
		return domain.Order{}, fmt.Errorf("service: place order: %w", err)
	}
	o, err := s.orders.Create(ctx, n)
	if err != nil {
		return domain.Order{}, fmt.Errorf("service: place order: %w", err)
	}
	return o, nil
}
