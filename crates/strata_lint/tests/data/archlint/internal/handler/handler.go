// Package handler is the adapter layer.
package handler

import (
	"net/http"

	"example.com/lay/cmd/shared" // fine: a library package under cmd/ is not `package main`
	"example.com/lay/internal/repository"
	"example.com/lay/internal/service"
	"example.com/lay/pkg/util" // fine: matches no layer (unknown)
)

// Name names the layer.
var Name = "handler"

var _, _, _, _, _ = http.StatusOK, shared.X, repository.Name, service.Name, util.Y
