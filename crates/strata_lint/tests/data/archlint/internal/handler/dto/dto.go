package dto

// Order is the wire form.
type Order struct{ ID int }
