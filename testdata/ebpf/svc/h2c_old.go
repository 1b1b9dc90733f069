//go:build !go1.24

package main

import "net/http"

// enableH2C: http.Server.Protocols is new in Go 1.24.
func enableH2C(*http.Server) bool { return false }
