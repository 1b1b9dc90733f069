package handler

import (
	"time"

	"example.com/orders/layered/domain"
	"example.com/orders/layered/service"
)

// CreateOrderRequest is the body of POST /orders.
type CreateOrderRequest struct {
	Currency string                   `json:"currency"`
	Items    []CreateOrderItemRequest `json:"items"`
}

// CreateOrderItemRequest is one line of a CreateOrderRequest.
type CreateOrderItemRequest struct {
	SKU        string `json:"sku"`
	Quantity   int    `json:"quantity"`
	PriceCents int64  `json:"price_cents"`
}

// OrderResponse is an order as the API shows it.
type OrderResponse struct {
	ID         int64          `json:"id"`
	UserID     int64          `json:"user_id"`
	Status     string         `json:"status"`
	Currency   string         `json:"currency"`
	TotalCents int64          `json:"total_cents"`
	Items      []ItemResponse `json:"items"`
	CreatedAt  time.Time      `json:"created_at"`
}

// ItemResponse is one line of an OrderResponse.
type ItemResponse struct {
	SKU        string `json:"sku"`
	Quantity   int    `json:"quantity"`
	PriceCents int64  `json:"price_cents"`
}

// ListOrdersResponse is the body of GET /orders.
type ListOrdersResponse struct {
	Orders []OrderResponse `json:"orders"`
	Count  int             `json:"count"`
}

// ErrorResponse is the body of every 4xx/5xx answer.
type ErrorResponse struct {
	Error string `json:"error"`
}

func (r CreateOrderRequest) toCommand() service.PlaceOrderCommand {
	cmd := service.PlaceOrderCommand{Currency: r.Currency, Items: make([]service.PlaceOrderItem, 0, len(r.Items))}
	for _, it := range r.Items {
		cmd.Items = append(cmd.Items, service.PlaceOrderItem{SKU: it.SKU, Quantity: it.Quantity, PriceCents: it.PriceCents})
	}
	return cmd
}

func newOrderResponse(o domain.Order) OrderResponse {
	resp := OrderResponse{
		ID:         o.ID,
		UserID:     o.UserID,
		Status:     string(o.Status),
		Currency:   o.Currency,
		TotalCents: o.TotalCents,
		Items:      make([]ItemResponse, 0, len(o.Items)),
		CreatedAt:  o.CreatedAt,
	}
	for _, it := range o.Items {
		resp.Items = append(resp.Items, ItemResponse{SKU: it.SKU, Quantity: it.Quantity, PriceCents: it.PriceCents})
	}
	return resp
}

func newListOrdersResponse(orders []domain.Order) ListOrdersResponse {
	resp := ListOrdersResponse{Orders: make([]OrderResponse, 0, len(orders)), Count: len(orders)}
	for _, o := range orders {
		resp.Orders = append(resp.Orders, newOrderResponse(o))
	}
	return resp
}
