// Command kinds writes every kind of Go profile except CPU (see ../groundtruth for CPU) from a small
// layered program (handler → service → domain/store):
//
//	heap.pb.gz, allocs.pb.gz   four sample types; allocation in every layer, store keeps payloads
//	heap-before.pb.gz          heap before the store drops half of its orders (for a delta profile)
//	goroutine.pb.gz            goroutines parked in the adapter, app and infra layers, with labels
//	block.pb.gz                channel waits (SetBlockProfileRate(1))
//	mutex.pb.gz                contention on the store's mutex (SetMutexProfileFraction(1))
//
//	go run . -out DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"example.com/kinds/internal/handler"
	"example.com/kinds/internal/service"
	"example.com/kinds/internal/store"
)

func write(dir, name, file string) {
	f, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	dir := flag.String("out", ".", "directory for the profiles")
	flag.Parse()
	runtime.MemProfileRate = 4096
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)

	st := store.New()
	h := &handler.Handler{Svc: &service.Orders{Store: st}}

	// Mutex and block contention: 4 workers serve requests concurrently.
	var wg sync.WaitGroup
	var sink int
	var sinkMu sync.Mutex
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			n := 0
			for i := w; i < 4000; i += 4 {
				n += h.Serve(i)
			}
			sinkMu.Lock()
			sink += n
			sinkMu.Unlock()
		}(w)
	}
	wg.Wait()

	// Parked goroutines with labels: 3 in the adapter (via the store), 2 in the app layer.
	release := make(chan struct{})
	var parked sync.WaitGroup
	for i := 0; i < 3; i++ {
		parked.Add(1)
		go pprof.Do(context.Background(), pprof.Labels("role", "listener"), func(context.Context) {
			parked.Done()
			handler.Listen(release)
		})
	}
	for i := 0; i < 2; i++ {
		parked.Add(1)
		go pprof.Do(context.Background(), pprof.Labels("role", "waiter"), func(context.Context) {
			parked.Done()
			service.Await(release)
		})
	}
	parked.Wait()
	time.Sleep(50 * time.Millisecond)

	runtime.GC()
	write(*dir, "heap", "heap-before.pb.gz")
	st.Drop()
	runtime.GC()
	write(*dir, "heap", "heap.pb.gz")
	write(*dir, "allocs", "allocs.pb.gz")
	write(*dir, "goroutine", "goroutine.pb.gz")
	close(release)
	time.Sleep(20 * time.Millisecond) // let the parked goroutines record their block events
	write(*dir, "block", "block.pb.gz")
	write(*dir, "mutex", "mutex.pb.gz")
	runtime.KeepAlive(st)
	fmt.Println("done", sink%10)
}
