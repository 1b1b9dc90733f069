//go:build go1.24

package main

import "net/http"

// enableH2C lets srv serve HTTP/1.1 and HTTP/2 with prior knowledge on one plain TCP listener.
func enableH2C(srv *http.Server) bool {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv.Protocols = &p
	return true
}
