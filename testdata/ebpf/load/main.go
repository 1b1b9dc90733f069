// Command load is a fixed-rate HTTP load generator for strata's eBPF tests and overhead benchmark:
// it sends -rate requests per second for -duration to -url (comma-separated URLs are used round-robin)
// over keep-alive connections, and prints one JSON line: sent, ok, failed, http2 (responses over HTTP/2), p50/p99/max latency (µs).
// It exits 1 if any request failed. -h2c speaks HTTP/2 with prior knowledge (Go 1.24+ builds); -tls
// accepts any server certificate (for https:// URLs of a test server) and speaks HTTP/1.1 over TLS,
// HTTP/2 with -tls -h2.
package main

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	urls := flag.String("url", "http://127.0.0.1:8080/fast", "comma-separated URLs")
	rate := flag.Int("rate", 500, "requests per second")
	dur := flag.Duration("duration", 10*time.Second, "how long")
	workers := flag.Int("workers", 32, "max concurrent requests")
	h2c := flag.Bool("h2c", false, "speak HTTP/2 with prior knowledge over plain TCP (h2c)")
	insecure := flag.Bool("tls", false, "accept any server certificate (https:// test servers); HTTP/1.1 unless -h2")
	h2 := flag.Bool("h2", false, "with -tls: negotiate HTTP/2 by ALPN")
	flag.Parse()
	targets := strings.Split(*urls, ",")
	tr := &http.Transport{MaxIdleConnsPerHost: *workers}
	if *h2c {
		enableH2C(tr)
	}
	if *insecure {
		// A custom TLS config turns the transport's automatic HTTP/2 off; -h2 turns it back on.
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		tr.ForceAttemptHTTP2 = *h2
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	var ok, failed, http2 int
	sem := make(chan struct{}, *workers)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(*rate)
	start := time.Now()
	next := start
	sent := 0
	for time.Since(start) < *dur {
		time.Sleep(time.Until(next))
		next = next.Add(interval)
		u := targets[sent%len(targets)]
		sent++
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t := time.Now()
			resp, err := client.Get(u)
			good := err == nil
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				// /err answers 500 on purpose; anything else must be 200.
				good = resp.StatusCode == 200 || (resp.StatusCode == 500 && strings.Contains(u, "/err"))
			}
			d := time.Since(t)
			mu.Lock()
			if err == nil && resp.ProtoMajor == 2 {
				http2++
			}
			lat = append(lat, d)
			if good {
				ok++
			} else {
				failed++
				if failed <= 3 {
					fmt.Fprintln(os.Stderr, "request failed:", u, err)
				}
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) int64 {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(p*float64(len(lat)-1))].Microseconds()
	}
	out, _ := json.Marshal(map[string]any{"sent": sent, "ok": ok, "failed": failed, "http2": http2,
		"p50_us": q(0.5), "p99_us": q(0.99), "max_us": q(1), "seconds": time.Since(start).Seconds()})
	fmt.Println(string(out))
	if failed > 0 {
		os.Exit(1)
	}
}
