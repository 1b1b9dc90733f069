//go:build !go1.24

package main

import (
	"log"
	"net/http"
)

// enableH2C: http.Transport.Protocols is new in Go 1.24.
func enableH2C(*http.Transport) { log.Fatal("-h2c needs a build with Go 1.24 or newer") }
