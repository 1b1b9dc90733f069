package domain

import (
	"testing"

	"example.com/lay/internal/handler/dto" // fine: test files are not checked by default
)

func TestX(t *testing.T) { _ = dto.Order{} }
