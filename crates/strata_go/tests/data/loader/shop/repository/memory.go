package repository

import "example.com/shop/domain"

type Memory struct{ m map[int]*domain.Order }

func (m Memory) Get(id int) (*domain.Order, error) { return m.m[id], nil }
func (m Memory) Put(o *domain.Order) error         { m.m[o.ID] = o; return nil }
