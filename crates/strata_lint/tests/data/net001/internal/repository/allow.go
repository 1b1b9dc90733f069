package repository

import stdnet "net"

// Bad: a renamed import of net in infra.
func Parse(cidr string) (*stdnet.IPNet, error) {
	_, n, err := stdnet.ParseCIDR(cidr)
	return n, err
}

// Good: lookups are not reported (only the names with a netip counterpart).
func Resolve(host string) ([]string, error) { return stdnet.LookupHost(host) }
