// Package handler is the adapter layer of stratasvc: HTTP parsing and responses.
package handler

import (
	"fmt"
	"net/http"
	"strconv"

	"example.com/stratasvc/service"
)

// Register adds every route to mux.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/fast", Fast)
	mux.HandleFunc("/slow", Slow)
	mux.HandleFunc("/deep", Deep)
	mux.HandleFunc("/err", Err)
	mux.HandleFunc("/alloc", Alloc)
	mux.HandleFunc("/hijack", Hijack)
}

func intParam(r *http.Request, name string, def int) int {
	if v, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
		return v
	}
	return def
}

// Fast answers from the service without waiting.
func Fast(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, service.Lookup(r.Context(), "fast"))
}

// Slow waits ms milliseconds in the repository.
func Slow(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, service.Wait(r.Context(), intParam(r, "ms", 5)))
}

// Deep recurses n levels in the service, growing the goroutine stack.
func Deep(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, service.Deep(intParam(r, "n", 10000)))
}

// Err answers 500 with an error made in the service.
func Err(w http.ResponseWriter, r *http.Request) {
	if err := service.Fail(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Alloc allocates about kb kilobytes of garbage in the repository.
func Alloc(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, service.Alloc(intParam(r, "kb", 256)))
}

// Hijack takes over the connection and answers by hand (HTTP/1.x only): net/http never reaches
// finishRequest for it, which is what strata's "unended" count is tested with.
func Hijack(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
	buf.Flush()
}
