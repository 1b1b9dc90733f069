// Command bigtrace writes a large Go execution trace (default ≥ 60 MB) for strata's trace benchmark
// (scripts/bench-trace.sh): workers run tasks with nested regions and logs, hand work to each other
// over channels, contend on a mutex, sleep and make syscalls, until the trace file reaches -mb.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	out := flag.String("o", "big.trace", "trace file")
	mb := flag.Int64("mb", 60, "stop once the trace file is this many MB")
	workers := flag.Int("w", 16, "workers")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	shared := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	ping := make(chan int)
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, task := trace.NewTask(context.Background(), "job")
				trace.Log(ctx, "id", fmt.Sprint(k))
				trace.WithRegion(ctx, "service.Do", func() {
					trace.WithRegion(ctx, "repository.Load", func() {
						mu.Lock()
						shared++
						mu.Unlock()
					})
					select {
					case ping <- k:
					case v := <-ping:
						_ = v
					case <-time.After(50 * time.Microsecond):
					}
					if k%64 == 0 {
						_, _ = os.Stat(*out)
					}
				})
				task.End()
			}
		}(i)
	}
	limit := *mb << 20
	for {
		time.Sleep(100 * time.Millisecond)
		if st, err := f.Stat(); err == nil && st.Size() >= limit {
			break
		}
	}
	close(stop)
	wg.Wait()
	trace.Stop()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
