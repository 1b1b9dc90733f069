// Command orders-flat is the order service written flat: handlers use the domain types and the
// PostgreSQL/Redis clients directly.
package main

import (
	"context"
	"net/http"
	"os"
	"time"

	"example.com/orders/cmd/internal/debugsrv"
	"example.com/orders/flat/handler"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

func main() {
	f := debugsrv.Parse()
	log := debugsrv.Logger(f.LogLevel)

	cfg, err := pgxpool.ParseConfig(f.PostgresURL)
	if err != nil {
		log.Error("startup", "err", err)
		os.Exit(1)
	}
	if f.MaxConns > 0 {
		cfg.MaxConns = int32(f.MaxConns)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	cancel()
	if err != nil {
		log.Error("startup", "err", err)
		os.Exit(1)
	}
	defer pool.Close()
	rdb := redis.NewClient(&redis.Options{Addr: f.RedisAddr, PoolSize: f.MaxConns})
	defer rdb.Close()

	mux := http.NewServeMux()
	handler.NewServer(pool, rdb, []byte(f.JWTSecret), log).Routes(mux)
	if err := debugsrv.Run(log, f.Listen, f.DebugListen, mux); err != nil && err != http.ErrServerClosed {
		log.Error("serve", "err", err)
		os.Exit(1)
	}
}
