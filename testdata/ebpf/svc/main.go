// Command stratasvc is strata's small eBPF test target: a net/http server whose handlers call through
// packages named handler → service → repository, so that layer timing is visible to `strata record`.
// Routes: /fast, /slow?ms=N (sleeps N ms in the repository), /deep?n=N (recursion of depth N in the
// service, which grows the goroutine stack: the case that kills a Go process under a uretprobe),
// /err (returns 500 via fmt.Errorf), /alloc (allocates to drive the GC), /hijack (answers on a hijacked
// connection). -h2c also serves unencrypted HTTP/2 (Go 1.24+ builds); -tls serves HTTPS instead
// (HTTP/1.1 and HTTP/2 by ALPN, a self-signed certificate made at start). No dependencies beyond std.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"example.com/stratasvc/handler"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	h2c := flag.Bool("h2c", false, "also serve unencrypted HTTP/2 (prior knowledge; needs a Go 1.24+ build)")
	useTLS := flag.Bool("tls", false, "serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) with a self-signed certificate")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The first line on stdout is the bound address, so tests can use port 0.
	fmt.Fprintf(os.Stdout, "listening %s\n", ln.Addr())
	mux := http.NewServeMux()
	handler.Register(mux)
	srv := &http.Server{Handler: mux}
	if *h2c && !enableH2C(srv) {
		log.Fatal("-h2c needs a build with Go 1.24 or newer")
	}
	if *useTLS {
		cert, err := selfSigned()
		if err != nil {
			log.Fatal(err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		log.Fatal(srv.ServeTLS(ln, "", ""))
	}
	log.Fatal(srv.Serve(ln))
}
