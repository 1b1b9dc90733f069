// Command orders-layered is the order service written as handler → service → repository → data access.
package main

import (
	"context"
	"net/http"
	"os"
	"time"

	"example.com/orders/cmd/internal/debugsrv"
	"example.com/orders/layered/cache"
	"example.com/orders/layered/db"
	"example.com/orders/layered/handler"
	"example.com/orders/layered/repository"
	"example.com/orders/layered/service"
)

func main() {
	f := debugsrv.Parse()
	log := debugsrv.Logger(f.LogLevel)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	database, err := db.NewPostgres(ctx, f.PostgresURL, int32(f.MaxConns), log)
	cancel()
	if err != nil {
		log.Error("startup", "err", err)
		os.Exit(1)
	}
	defer database.Close()
	redis := cache.NewRedis(f.RedisAddr, f.MaxConns, log)
	defer redis.Close()

	perms := repository.NewPermissionRepository(database, redis, log)
	orders := repository.NewOrderRepository(database)
	auth := service.NewAuthService([]byte(f.JWTSecret), perms)
	orderSvc := service.NewOrderService(auth, orders)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", handler.Healthz)
	handler.NewOrderHandler(orderSvc, log).Routes(mux,
		handler.RequestID(), handler.Recover(log), handler.Authenticate(auth, log))

	if err := debugsrv.Run(log, f.Listen, f.DebugListen, mux); err != nil && err != http.ErrServerClosed {
		log.Error("serve", "err", err)
		os.Exit(1)
	}
}
