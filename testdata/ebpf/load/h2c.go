//go:build go1.24

package main

import "net/http"

// enableH2C makes tr speak only unencrypted HTTP/2 (prior knowledge).
func enableH2C(tr *http.Transport) {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	tr.Protocols = &p
}
