package handler

import "net"

// Good: the adapter layer is not checked by default (it talks to APIs that need net.IP).
func ClientIP(s string) net.IP { return net.ParseIP(s) }
