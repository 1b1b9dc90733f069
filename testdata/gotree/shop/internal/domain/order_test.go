package domain_test

import (
	"testing"

	"example.com/shop/internal/domain"
)

func TestZero(t *testing.T) {
	if (domain.Order{}).ID != 0 {
		t.Fatal("zero order has an id")
	}
}
