// Command loadgen drives an order service at a fixed request rate (open loop) and writes latency results
// as JSON.
//
// Requests are sent on a fixed schedule (start + i/rate) whatever the server's speed, and each latency is
// measured from the request's scheduled time, not from when it was actually sent, so a stalled server
// shows up in the tail (no coordinated omission; the wrk2 method). Debian's wrk 4.1 is closed-loop
// (no fixed-rate option), which is why this exists.
//
// Mix: 80 % GET /orders/{id}, 15 % GET /orders?user=&limit=, 5 % POST /orders, each with a valid token
// of a user that may do it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"example.com/orders/cmd/internal/seedmodel"
)

type kind int

const (
	kindGet kind = iota
	kindList
	kindCreate
	kinds
)

var kindNames = [kinds]string{"get_by_id", "list", "create"}
var kindWant = [kinds]int{http.StatusOK, http.StatusOK, http.StatusCreated}

type request struct {
	kind   kind
	method string
	path   string
	token  string
	body   []byte
}

type result struct {
	kind    kind
	status  int
	err     bool
	latency time.Duration
}

// Stats summarises a set of latencies in nanoseconds.
type Stats struct {
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	P50    int64   `json:"p50_ns"`
	P90    int64   `json:"p90_ns"`
	P99    int64   `json:"p99_ns"`
	P999   int64   `json:"p999_ns"`
	Max    int64   `json:"max_ns"`
	Mean   float64 `json:"mean_ns"`
	Stddev float64 `json:"stddev_ns"`
}

// Report is the JSON the load generator writes.
type Report struct {
	Schema          string           `json:"schema"`
	Target          string           `json:"target"`
	RatePerSec      float64          `json:"rate_per_sec"`
	DurationSec     float64          `json:"duration_sec"`
	Scheduled       int              `json:"scheduled"`
	WarmupScheduled int              `json:"warmup_scheduled"`
	AchievedRate    float64          `json:"achieved_rate_per_sec"`
	MaxInFlightSeen int              `json:"max_in_flight_seen"`
	Status          map[string]int   `json:"status"`
	Latency         Stats            `json:"latency"`
	ByKind          map[string]Stats `json:"by_kind"`
	Method          string           `json:"method"`
}

func stats(lat []time.Duration, errs int) Stats {
	s := Stats{Count: len(lat), Errors: errs}
	if len(lat) == 0 {
		return s
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) int64 {
		i := int(math.Ceil(p*float64(len(lat)))) - 1
		if i < 0 {
			i = 0
		}
		return int64(lat[i])
	}
	var sum float64
	for _, l := range lat {
		sum += float64(l)
	}
	s.Mean = sum / float64(len(lat))
	var sq float64
	for _, l := range lat {
		d := float64(l) - s.Mean
		sq += d * d
	}
	s.Stddev = math.Sqrt(sq / float64(len(lat)))
	s.P50, s.P90, s.P99, s.P999, s.Max = q(0.50), q(0.90), q(0.99), q(0.999), int64(lat[len(lat)-1])
	return s
}

type generator struct {
	rng    *rand.Rand
	tokens map[int64]string
	secret []byte
}

func (g *generator) token(u int64) string {
	if t, ok := g.tokens[u]; ok {
		return t
	}
	t, err := seedmodel.Token(g.secret, u, 24*time.Hour)
	if err != nil {
		panic(err)
	}
	g.tokens[u] = t
	return t
}

// customer returns a random user with the customer role.
func (g *generator) customer() int64 {
	for {
		u := 1 + g.rng.Int63n(seedmodel.Users)
		if seedmodel.RoleOf(u) == "customer" {
			return u
		}
	}
}

func (g *generator) next() request {
	switch p := g.rng.Intn(100); {
	case p < 80:
		for {
			o := 1 + g.rng.Int63n(seedmodel.Orders)
			u := seedmodel.OwnerOf(o)
			if seedmodel.RoleOf(u) != "guest" {
				return request{kind: kindGet, method: http.MethodGet, path: "/orders/" + strconv.FormatInt(o, 10), token: g.token(u)}
			}
		}
	case p < 95:
		u := g.customer()
		limit := 1 + g.rng.Intn(20)
		return request{kind: kindList, method: http.MethodGet,
			path: fmt.Sprintf("/orders?user=%d&limit=%d", u, limit), token: g.token(u)}
	default:
		u := g.customer()
		n := 1 + g.rng.Intn(3)
		var b bytes.Buffer
		b.WriteString(`{"currency":"EUR","items":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"sku":"SKU-%04d","quantity":%d,"price_cents":%d}`, g.rng.Intn(500), 1+g.rng.Intn(4), 100+g.rng.Intn(9900))
		}
		b.WriteString(`]}`)
		return request{kind: kindCreate, method: http.MethodPost, path: "/orders", token: g.token(u), body: b.Bytes()}
	}
}

func main() {
	var (
		target   = flag.String("url", "http://127.0.0.1:8080", "base URL of the service")
		rate     = flag.Float64("rate", 200, "requests per second (fixed schedule)")
		duration = flag.Duration("duration", 10*time.Second, "measured duration")
		warmup   = flag.Duration("warmup", 0, "unmeasured warm-up at the same rate before the measured part")
		secret   = flag.String("jwt-secret", seedmodel.DefaultSecret, "HS256 secret")
		seed     = flag.Int64("seed", 1, "random seed of the request mix")
		timeout  = flag.Duration("timeout", 5*time.Second, "per-request timeout")
		maxConns = flag.Int("max-conns", 256, "maximum concurrent connections")
		out      = flag.String("out", "", "write the JSON report here (default stdout)")
		summ     = flag.Bool("summarize", false, "print a markdown table of the NAME=FILE.json reports given as arguments")
	)
	flag.Parse()
	if *summ {
		if err := summarize(os.Stdout, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		return
	}
	if *rate <= 0 || *duration <= 0 {
		fmt.Fprintln(os.Stderr, "loadgen: -rate and -duration must be positive")
		os.Exit(2)
	}
	g := &generator{rng: rand.New(rand.NewSource(*seed)), tokens: map[int64]string{}, secret: []byte(*secret)}
	client := &http.Client{
		Timeout: *timeout,
		Transport: &http.Transport{
			MaxIdleConns: *maxConns, MaxIdleConnsPerHost: *maxConns, MaxConnsPerHost: *maxConns,
			IdleConnTimeout: 90 * time.Second,
		},
	}
	var warmed int
	if *warmup > 0 {
		w, _, _ := run(client, g, *target, *rate, *warmup)
		warmed = len(w)
	}
	results, maxInFlight, elapsed := run(client, g, *target, *rate, *duration)

	rep := Report{
		Schema: "orders.loadgen/v1", Target: *target, RatePerSec: *rate, DurationSec: duration.Seconds(),
		Scheduled: len(results), WarmupScheduled: warmed, AchievedRate: float64(len(results)) / elapsed.Seconds(),
		MaxInFlightSeen: maxInFlight, Status: map[string]int{}, ByKind: map[string]Stats{},
		Method: "open loop, fixed schedule; latency from scheduled send time (coordinated-omission corrected)",
	}
	var all []time.Duration
	var allErrs int
	perKind := make([][]time.Duration, kinds)
	perErrs := make([]int, kinds)
	for _, r := range results {
		key := strconv.Itoa(r.status)
		if r.err {
			key = "transport_error"
		}
		rep.Status[key]++
		all = append(all, r.latency)
		perKind[r.kind] = append(perKind[r.kind], r.latency)
		if r.err || r.status != kindWant[r.kind] {
			allErrs++
			perErrs[r.kind]++
		}
	}
	rep.Latency = stats(all, allErrs)
	for k := kind(0); k < kinds; k++ {
		rep.ByKind[kindNames[k]] = stats(perKind[k], perErrs[k])
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	data = append(data, '\n')
	if *out == "" {
		_, _ = os.Stdout.Write(data)
	} else if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "loadgen %s: %d requests at %.0f/s, p50 %.2fms p99 %.2fms, %d errors\n",
		*target, rep.Latency.Count, *rate, float64(rep.Latency.P50)/1e6, float64(rep.Latency.P99)/1e6, allErrs)
	if allErrs > 0 {
		os.Exit(1)
	}
}

// run sends requests on a fixed schedule for d and returns every result.
func run(client *http.Client, g *generator, target string, rate float64, d time.Duration) ([]result, int, time.Duration) {
	interval := time.Duration(float64(time.Second) / rate)
	n := int(d.Seconds() * rate)
	results := make([]result, n)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		inFlight int
		maxSeen  int
	)
	start := time.Now()
	for i := 0; i < n; i++ {
		req := g.next()
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		wg.Add(1)
		go func(i int, req request, due time.Time) {
			defer wg.Done()
			mu.Lock()
			inFlight++
			if inFlight > maxSeen {
				maxSeen = inFlight
			}
			mu.Unlock()
			status, err := send(client, target, req)
			results[i] = result{kind: req.kind, status: status, err: err != nil, latency: time.Since(due)}
			mu.Lock()
			inFlight--
			mu.Unlock()
		}(i, req, due)
	}
	wg.Wait()
	return results, maxSeen, time.Since(start)
}

func send(client *http.Client, target string, req request) (int, error) {
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(context.Background(), req.method, target+req.path, body)
	if err != nil {
		return 0, err
	}
	hr.Header.Set("Authorization", "Bearer "+req.token)
	if req.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(hr)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}

func ms(ns int64) string { return fmt.Sprintf("%.2f", float64(ns)/1e6) }

// metricsFiles returns the runtime-metrics snapshots taken around the load of file, if run.sh took
// them: <dir>/metrics-r<k>-before.json and <dir>/metrics-r<k>.json around <dir>/load-r<k>.json. The
// captured round (load.json) has none, since its pprof/trace captures allocate in the service too.
func metricsFiles(file string) (before, after string, ok bool) {
	dir, base := filepath.Split(file)
	round, found := strings.CutPrefix(strings.TrimSuffix(base, ".json"), "load-")
	if !found {
		return "", "", false
	}
	return filepath.Join(dir, "metrics-"+round+"-before.json"), filepath.Join(dir, "metrics-"+round+".json"), true
}

func readCounters(file string) (map[string]uint64, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var snap struct {
		Metrics map[string]struct {
			Uint64 *uint64 `json:"uint64"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	out := map[string]uint64{}
	for name, v := range snap.Metrics {
		if v.Uint64 != nil {
			out[name] = *v.Uint64
		}
	}
	return out, nil
}

// cpuPerRequest returns the service's CPU microseconds per request from <dir>/cpu-r<k>.txt
// ("ticks_before ticks_after ticks_per_second", written by run.sh from /proc/PID/stat), or "–".
func cpuPerRequest(file string, requests int) string {
	dir, base := filepath.Split(file)
	round, found := strings.CutPrefix(strings.TrimSuffix(base, ".json"), "load-")
	if !found {
		return "–"
	}
	data, err := os.ReadFile(filepath.Join(dir, "cpu-"+round+".txt"))
	if err != nil {
		return "–"
	}
	var before, after, hz float64
	if n, _ := fmt.Sscan(string(data), &before, &after, &hz); n != 3 || hz <= 0 || requests == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", (after-before)/hz*1e6/float64(requests))
}

// perRequest returns heap bytes and objects allocated per request and GC cycles between the snapshots.
func perRequest(file string, requests int) (string, error) {
	before, after, ok := metricsFiles(file)
	if !ok {
		return "– | – | –", nil
	}
	b, err := readCounters(before)
	if err != nil {
		return "", err
	}
	a, err := readCounters(after)
	if err != nil {
		return "", err
	}
	n := float64(requests)
	return fmt.Sprintf("%.1f | %.0f | %d",
		float64(a["/gc/heap/allocs:bytes"]-b["/gc/heap/allocs:bytes"])/n/1024,
		float64(a["/gc/heap/allocs:objects"]-b["/gc/heap/allocs:objects"])/n,
		a["/gc/cycles/total:gc-cycles"]-b["/gc/cycles/total:gc-cycles"]), nil
}

// summarize prints one table row per NAME=FILE report.
func summarize(w io.Writer, args []string) error {
	if len(args) == 0 {
		return errors.New("-summarize needs NAME=FILE arguments")
	}
	fmt.Fprintln(w, "| service | rate/s | requests | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | get p99 ms | list p99 ms | create p99 ms | heap KiB/req | allocs/req | GCs | CPU µs/req |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, a := range args {
		name, file, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("argument %q is not NAME=FILE", a)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var r Report
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		l := r.Latency
		alloc, err := perRequest(file, r.Scheduled+r.WarmupScheduled)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "| %s | %.0f | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, r.RatePerSec, l.Count, l.Errors,
			ms(l.P50), ms(l.P90), ms(l.P99), ms(l.P999), ms(l.Max),
			ms(r.ByKind["get_by_id"].P99), ms(r.ByKind["list"].P99), ms(r.ByKind["create"].P99), alloc,
			cpuPerRequest(file, r.Scheduled+r.WarmupScheduled))
	}
	return nil
}
