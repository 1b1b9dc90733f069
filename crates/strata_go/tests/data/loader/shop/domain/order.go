package domain

type Order struct {
	ID    int
	Total int
}

type Store interface {
	Get(id int) (*Order, error)
	Put(o *Order) error
}
