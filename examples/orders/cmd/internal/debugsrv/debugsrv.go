// Package debugsrv serves /debug/pprof/* and /debug/runtime-metrics on a separate (loopback) listener.
// Both order services use it unchanged, so it adds the same cost to each.
package debugsrv

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/pprof"
	"runtime"
	"runtime/metrics"
)

// Metrics is the list of runtime/metrics the experiment reads. Names a toolchain does not know are
// reported with kind "unsupported".
var Metrics = []string{
	"/sched/latencies:seconds",
	"/sched/pauses/total/gc:seconds",
	"/gc/pauses:seconds",
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/allocs:bytes",
	"/gc/heap/allocs:objects",
	"/sched/goroutines:goroutines",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/total:cpu-seconds",
}

// Handler returns the debug mux.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/runtime-metrics", serveMetrics)
	return mux
}

// Histogram is a runtime/metrics histogram with its empty buckets left out. Each bucket is
// [lower, upper, count]; infinite bounds are written as the strings "-Inf" and "+Inf".
type Histogram struct {
	Total   uint64  `json:"total"`
	P50     any     `json:"p50_upper_bound"`
	P99     any     `json:"p99_upper_bound"`
	Buckets [][]any `json:"buckets"`
}

// Value is one metric sample.
type Value struct {
	Kind      string     `json:"kind"`
	Uint64    *uint64    `json:"uint64,omitempty"`
	Float64   *float64   `json:"float64,omitempty"`
	Histogram *Histogram `json:"histogram,omitempty"`
}

// Snapshot is the body of /debug/runtime-metrics.
type Snapshot struct {
	GoVersion string           `json:"go_version"`
	Metrics   map[string]Value `json:"metrics"`
}

func bound(f float64) any {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	default:
		return f
	}
}

func quantile(h *metrics.Float64Histogram, total uint64, q float64) any {
	if total == 0 {
		return nil
	}
	want := uint64(math.Ceil(q * float64(total)))
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= want {
			return bound(h.Buckets[i+1])
		}
	}
	return nil
}

// Read samples the metrics now.
func Read() Snapshot {
	samples := make([]metrics.Sample, len(Metrics))
	for i, name := range Metrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	snap := Snapshot{GoVersion: runtime.Version(), Metrics: make(map[string]Value, len(samples))}
	for _, s := range samples {
		switch s.Value.Kind() {
		case metrics.KindUint64:
			v := s.Value.Uint64()
			snap.Metrics[s.Name] = Value{Kind: "uint64", Uint64: &v}
		case metrics.KindFloat64:
			v := s.Value.Float64()
			snap.Metrics[s.Name] = Value{Kind: "float64", Float64: &v}
		case metrics.KindFloat64Histogram:
			h := s.Value.Float64Histogram()
			out := &Histogram{Buckets: [][]any{}}
			for i, c := range h.Counts {
				out.Total += c
				if c > 0 {
					out.Buckets = append(out.Buckets, []any{bound(h.Buckets[i]), bound(h.Buckets[i+1]), c})
				}
			}
			out.P50 = quantile(h, out.Total, 0.50)
			out.P99 = quantile(h, out.Total, 0.99)
			snap.Metrics[s.Name] = Value{Kind: "histogram", Histogram: out}
		default:
			snap.Metrics[s.Name] = Value{Kind: "unsupported"}
		}
	}
	return snap
}

func serveMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(Read())
}
