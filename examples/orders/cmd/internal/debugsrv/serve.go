package debugsrv

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Run serves api on listen and the debug handler on debugListen until SIGINT/SIGTERM, then shuts both down.
// The debug listener must be a loopback address.
func Run(log *slog.Logger, listen, debugListen string, api http.Handler) error {
	host, _, err := net.SplitHostPort(debugListen)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("-debug-listen must be a loopback address, got " + debugListen)
	}
	apiSrv := &http.Server{Addr: listen, Handler: api, ReadHeaderTimeout: 5 * time.Second}
	debugSrv := &http.Server{Addr: debugListen, Handler: Handler(), ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 2)
	go func() { errc <- apiSrv.ListenAndServe() }()
	go func() { errc <- debugSrv.ListenAndServe() }()
	log.Info("listening", "api", listen, "debug", debugListen)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case s := <-sig:
		log.Info("shutting down", "signal", s.String())
	case err := <-errc:
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = debugSrv.Shutdown(ctx)
	return apiSrv.Shutdown(ctx)
}
