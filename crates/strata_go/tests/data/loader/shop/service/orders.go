package service

import (
	"fmt"

	"example.com/shop/domain"
	repo "example.com/shop/repository"
)

type Orders struct {
	store domain.Store
	pg    *repo.Postgres
	log   Logger
}

type Logger struct{}

func (Logger) Printf(format string, args ...any) {}

func New(s domain.Store) *Orders { return &Orders{store: s} }

func (o *Orders) Load(id int) (*domain.Order, error) {
	order, err := o.store.Get(id)
	if err != nil {
		return nil, fmt.Errorf("load order %d: %w", id, err)
	}
	o.pg.Close()
	o.log.Printf("loaded")
	o.helper()
	validate(order)
	x := o.store
	x.Get(id)
	return order, nil
}

func (o *Orders) helper() {}

func validate(o *domain.Order) bool { return o.Total >= 0 }
