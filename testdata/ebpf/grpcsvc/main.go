// grpcsvc: a gRPC-Go server (gRPC's own HTTP/2 transport, not net/http's) for strata's eBPF tests,
// and its client. Server: `grpcsvc -addr 127.0.0.1:0` prints "listening HOST:PORT" and serves the
// standard health service; with -http ADDR also a net/http server there (as a service exposing
// /metrics would), printed as "http HOST:PORT". Client: `grpcsvc -call HOST:PORT -n N` makes N Check calls over one
// connection and prints how many succeeded.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (server)")
	call := flag.String("call", "", "server address: run as client")
	n := flag.Int("n", 100, "calls (client)")
	httpAddr := flag.String("http", "", "also serve net/http here (server)")
	flag.Parse()
	if *call != "" {
		os.Exit(client(*call, *n))
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := grpc.NewServer()
	healthpb.RegisterHealthServer(s, health.NewServer())
	if *httpAddr != "" {
		hl, err := net.Listen("tcp", *httpAddr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("http", hl.Addr())
		mux := http.NewServeMux()
		mux.HandleFunc("/metrics", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "up 1") })
		go func() { _ = http.Serve(hl, mux) }()
	}
	fmt.Println("listening", l.Addr())
	if err := s.Serve(l); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func client(addr string, n int) int {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer conn.Close()
	c := healthpb.NewHealthClient(conn)
	ok := 0
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if _, err := c.Check(ctx, &healthpb.HealthCheckRequest{}); err == nil {
			ok++
		}
		cancel()
	}
	fmt.Println(ok)
	return 0
}
