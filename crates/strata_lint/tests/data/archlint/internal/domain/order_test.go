package domain

import (
	"testing"

	"example.com/lay/internal/handler/dto" // reported: test files are checked (as go-arch-lint does)
)

func TestX(t *testing.T) { _ = dto.Order{} }
