module example.com/netip

go 1.22
