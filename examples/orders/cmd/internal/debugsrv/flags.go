package debugsrv

import (
	"flag"
	"os"
)

// Flags are the command-line settings both services accept.
type Flags struct {
	Listen      string
	DebugListen string
	PostgresURL string
	RedisAddr   string
	JWTSecret   string
	MaxConns    int
	LogLevel    string
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Parse reads the flags (defaults from ORDERS_* environment variables).
func Parse() Flags {
	var f Flags
	flag.StringVar(&f.Listen, "listen", env("ORDERS_LISTEN", "127.0.0.1:8080"), "API listen address")
	flag.StringVar(&f.DebugListen, "debug-listen", env("ORDERS_DEBUG_LISTEN", "127.0.0.1:6060"),
		"loopback address for /debug/pprof/* and /debug/runtime-metrics")
	flag.StringVar(&f.PostgresURL, "pg", env("ORDERS_PG_URL", "postgres://orders@127.0.0.1:5432/orders"),
		"PostgreSQL URL")
	flag.StringVar(&f.RedisAddr, "redis", env("ORDERS_REDIS_ADDR", "127.0.0.1:6379"), "Redis host:port")
	flag.StringVar(&f.JWTSecret, "jwt-secret", env("ORDERS_JWT_SECRET", "strata-orders-dev-secret"),
		"HS256 secret of bearer tokens")
	flag.IntVar(&f.MaxConns, "max-conns", 16, "PostgreSQL and Redis pool size")
	flag.StringVar(&f.LogLevel, "log-level", "info", "debug, info, warn or error")
	flag.Parse()
	return f
}
