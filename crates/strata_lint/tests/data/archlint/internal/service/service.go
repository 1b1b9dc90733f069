// Package service is the app layer.
package service

import (
	"example.com/lay/internal/domain"
	"example.com/lay/internal/repository"
)

// Name names the layer.
var Name = "service"

var _ = domain.ErrNotFound
var _ = repository.Name
