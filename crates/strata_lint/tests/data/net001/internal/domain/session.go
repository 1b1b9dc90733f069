package domain

import (
	"net"
	"net/netip"
)

// Bad: a net.IP field and net.ParseIP in the domain.
type Session struct {
	ClientIP net.IP
	Allowed  *net.IPNet
}

func NewSession(addr string) Session {
	return Session{ClientIP: net.ParseIP(addr)}
}

// Good: netip.
type Peer struct {
	Addr netip.Addr
}

// Good (false positive avoided): a field named IP of a value is not the net package's type.
func PeerIP(a *net.TCPAddr) string { return a.IP.String() }
