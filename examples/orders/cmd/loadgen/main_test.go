package main

import (
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"example.com/orders/cmd/internal/seedmodel"
)

func TestStatsPercentiles(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- { // 1..100 ms, unsorted
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	s := stats(lat, 3)
	if s.Count != 100 || s.Errors != 3 || s.P50 != int64(50*time.Millisecond) || s.P90 != int64(90*time.Millisecond) ||
		s.P99 != int64(99*time.Millisecond) || s.Max != int64(100*time.Millisecond) || s.Mean != float64(50500*time.Microsecond) {
		t.Fatalf("%+v", s)
	}
	if z := stats(nil, 0); z.Count != 0 || z.P99 != 0 {
		t.Fatalf("%+v", z)
	}
}

func TestMixAndTokens(t *testing.T) {
	g := &generator{rng: rand.New(rand.NewSource(1)), tokens: map[int64]string{}, secret: []byte("s")}
	var count [kinds]int
	for i := 0; i < 10000; i++ {
		r := g.next()
		count[r.kind]++
		switch r.kind {
		case kindGet:
			if r.method != http.MethodGet || !strings.HasPrefix(r.path, "/orders/") {
				t.Fatalf("%+v", r)
			}
		case kindList:
			if !strings.HasPrefix(r.path, "/orders?user=") {
				t.Fatalf("%+v", r)
			}
		case kindCreate:
			if r.method != http.MethodPost || len(r.body) == 0 {
				t.Fatalf("%+v", r)
			}
		}
	}
	// 80 / 15 / 5 % within sampling error
	if count[kindGet] < 7800 || count[kindGet] > 8200 || count[kindList] < 1350 || count[kindList] > 1650 ||
		count[kindCreate] < 400 || count[kindCreate] > 600 {
		t.Fatalf("mix %v", count)
	}
	for u := range g.tokens {
		if seedmodel.RoleOf(u) == "guest" {
			t.Fatalf("token for guest %d: its requests would be refused", u)
		}
	}
}
