// Command groundtruth burns CPU with a KNOWN split between three layers and writes a CPU profile:
// adapter (internal/handler) 20 %, app (internal/service) 30 %, infra (internal/repository) 50 % of
// the busy work, all in identical integer loops, one goroutine, no allocation in the loops.
// Requests alternate between two pprof label values (endpoint=/orders, endpoint=/users).
//
//	go run . -cpuprofile cpu.pb.gz -seconds 8
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"example.com/groundtruth/internal/handler"
)

func main() {
	out := flag.String("cpuprofile", "cpu.pb.gz", "where to write the CPU profile")
	seconds := flag.Float64("seconds", 8, "how long to burn CPU (wall clock)")
	hz := flag.Int("hz", 500, "CPU profile rate")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Setting the rate before StartCPUProfile makes the runtime use it (StartCPUProfile's own
	// SetCPUProfileRate(100) then prints a harmless warning).
	runtime.SetCPUProfileRate(*hz)
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	var sink uint64
	for i := 0; time.Now().Before(deadline); i++ {
		endpoint := "/orders"
		if i%2 == 1 {
			endpoint = "/users"
		}
		pprof.Do(context.Background(), pprof.Labels("endpoint", endpoint), func(context.Context) {
			// Short calls (~50k loop iterations each) so that one call is far shorter than the
			// sampling period: no aliasing between the call cycle and the profiling timer.
			for j := 0; j < 40; j++ {
				sink += handler.Serve(5)
			}
		})
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("done", sink%10)
}
