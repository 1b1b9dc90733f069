package debugsrv

import (
	"encoding/json"
	"net/http/httptest"
	"runtime"
	"testing"
)

func TestRuntimeMetricsEndpoint(t *testing.T) {
	runtime.GC() // at least one GC cycle and one GC pause
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/debug/runtime-metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var snap Snapshot
	if err := json.Unmarshal(rec.Body.Bytes(), &snap); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, rec.Body.String())
	}
	if snap.GoVersion != runtime.Version() {
		t.Errorf("go_version %q", snap.GoVersion)
	}
	if c := snap.Metrics["/gc/cycles/total:gc-cycles"]; c.Uint64 == nil || *c.Uint64 < 1 {
		t.Errorf("gc cycles: %+v", c)
	}
	for _, name := range []string{"/sched/latencies:seconds", "/sched/pauses/total/gc:seconds"} {
		h := snap.Metrics[name].Histogram
		if h == nil || h.Total == 0 || len(h.Buckets) == 0 || h.P99 == nil {
			t.Errorf("%s: empty histogram %+v", name, snap.Metrics[name])
		}
	}
}

func TestDebugListenerMustBeLoopback(t *testing.T) {
	if err := Run(Logger("error"), "127.0.0.1:0", "0.0.0.0:0", nil); err == nil {
		t.Fatal("accepted a non-loopback debug address")
	}
}
