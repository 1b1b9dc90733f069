package repository

import "example.com/shop/domain"

type Postgres struct{ dsn string }

func (p *Postgres) Get(id int) (*domain.Order, error) { return &domain.Order{ID: id}, nil }
func (p *Postgres) Put(o *domain.Order) error         { return nil }
func (p *Postgres) Close() error                      { return nil }
