// Package repository is infra.
package repository

import (
	"example.com/lay/internal/domain"
	"example.com/lay/internal/handler/dto" // bad: infra → adapter
	"example.com/lay/internal/service/port"
	. "example.com/lay/internal/service/sub"
)

// Name names the layer.
var Name = "repository"

var _, _, _ = domain.ErrNotFound, dto.Order{}, port.P
var _ = Sub
