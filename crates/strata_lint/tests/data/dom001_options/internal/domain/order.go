// Package domain holds business rules.
package domain

import (
	"database/sql"
	"embed"
	"io/fs"
	"net"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"time"
)

//go:embed order.go
var files embed.FS

var (
	_ fs.FS        = files
	_ *sql.DB      = nil
	_ net.IP       = nil
	_              = httptest.NewRecorder
	_ netip.Addr   = netip.Addr{}
	_ *url.URL     = nil
	_              = os.Getenv
	_ time.Duration = 0
)
