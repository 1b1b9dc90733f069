// Package repository is infra.
package repository

import (
	"example.com/lay/internal/domain"
	"example.com/lay/internal/handler/dto" // bad: infra → adapter
	//strata:ignore LAY001 migration in progress, see #12
	"example.com/lay/internal/service/port"
	. "example.com/lay/internal/service/sub" //strata:ignore LAY001 suppressed on the same line
)

// Name names the layer.
var Name = "repository"

var _, _, _ = domain.ErrNotFound, dto.Order{}, port.P
var _ = Sub
