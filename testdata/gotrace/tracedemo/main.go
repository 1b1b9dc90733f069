// Command tracedemo writes a small Go execution trace that exercises what `strata trace` analyses:
// tasks, nested regions, logs, the common block reasons (chan send/receive, select, sync, sync.Cond,
// network, sleep, forever, GC waits including mark assists that wait for work), syscalls, GC cycles,
// preemption, runtime.Gosched, many short-lived goroutines and (with -cpuprofile) CPU samples. It
// also writes the wall time it measured around every region (name<TAB>nanoseconds per line) so tests
// can check strata's region percentiles against the program's own clock.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"

	"example.com/tracedemo/internal/handler"
	"example.com/tracedemo/internal/repository"
	"example.com/tracedemo/internal/service"
)

var sink [][]byte

func main() {
	out := flag.String("o", "trace.out", "trace file to write")
	regionsOut := flag.String("regions", "regions.tsv", "file for measured region wall times")
	requests := flag.Int("n", 300, "requests to serve")
	workers := flag.Int("w", 6, "worker goroutines")
	spawn := flag.Int("g", 1000, "short-lived goroutines to spawn")
	cpu := flag.Bool("cpuprofile", true, "run the CPU profiler during the trace (adds CPU samples)")
	assisters := flag.Int("assisters", 4, "goroutines allocating through GC cycles (mark assists that wait)")
	flag.Parse()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go echoServer(ln)

	dir, err := os.MkdirTemp("", "tracedemo")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	var recMu sync.Mutex
	var measured []string
	record := func(name string, d time.Duration) {
		recMu.Lock()
		measured = append(measured, fmt.Sprintf("%s\t%d", name, d.Nanoseconds()))
		recMu.Unlock()
	}

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if *cpu {
		if err := pprof.StartCPUProfile(io.Discard); err != nil {
			log.Fatal(err)
		}
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}

	// Parked for good after trace.Start, so the trace has their GoBlock events with reason
	// "forever": a receive and a send on a nil channel, and an empty select.
	var never chan int
	go func() { <-never }()
	go func() { never <- 1 }()
	go func() { select {} }()

	store := repository.New(dir)
	svc := service.New(store, record)
	h := &handler.Handler{Svc: svc, Addr: ln.Addr().String()}

	// Condition-variable waiters, released at the end.
	var condWG sync.WaitGroup
	for i := 0; i < 4; i++ {
		condWG.Add(1)
		go func() { defer condWG.Done(); store.WaitFlush() }()
	}

	// A CPU hog that gets preempted, and a polite one that yields.
	stop := make(chan struct{})
	go func() {
		x := 0
		for {
			select {
			case <-stop:
				return
			default:
			}
			for i := 0; i < 5_000_000; i++ {
				x = x*7 + i
			}
			_ = x
		}
	}()
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				runtime.Gosched()
				time.Sleep(200 * time.Microsecond)
			}
		}
	}()

	// Allocation churn so the GC runs (and assists) on its own, besides the explicit runtime.GC calls.
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			b := make([]byte, 64<<10)
			sink = append(sink, b)
			if len(sink) > 64 {
				sink = sink[:0]
			}
			time.Sleep(50 * time.Microsecond)
		}
	}()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				h.Serve(context.Background(), k)
			}
		}()
	}
	for k := 0; k < *requests; k++ {
		jobs <- k
		if k%100 == 50 {
			runtime.GC()
		}
	}
	close(jobs)
	wg.Wait()

	// Many short-lived goroutines, each waiting on a channel once.
	gate := make(chan struct{})
	var spawned sync.WaitGroup
	for i := 0; i < *spawn; i++ {
		spawned.Add(1)
		go func() { defer spawned.Done(); <-gate }()
	}
	time.Sleep(2 * time.Millisecond)
	close(gate)
	spawned.Wait()

	assistWaits(*assisters)

	store.Flush()
	condWG.Wait()
	close(stop)
	runtime.GC()

	trace.Stop()
	if *cpu {
		pprof.StopCPUProfile()
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	rf, err := os.Create(*regionsOut)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(rf)
	for _, line := range measured {
		fmt.Fprintln(w, line)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := rf.Close(); err != nil {
		log.Fatal(err)
	}
}

func echoServer(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			defer c.Close()
			b := make([]byte, 5)
			if _, err := io.ReadFull(c, b); err == nil {
				_, _ = c.Write(b)
			}
		}(c)
	}
}

// node is one link of a chain that the GC can only mark one node after the other.
type node struct {
	next *node
	_    [6]int
}

var (
	chain      *node
	assistKeep [16][8][]byte // what the allocating goroutines keep alive, one slot each
)

// assistWaits makes GC mark assists park with "GC mark assist wait for work": it keeps a long
// linked list alive, whose marking cannot be shared out (each node is found only when the one
// before it is scanned), and runs goroutines that allocate as fast as they can through a few GC
// cycles. Their assist debt outgrows the scan work they can find, so they queue until the
// background workers flush credit.
func assistWaits(n int) {
	if n <= 0 {
		return
	}
	for i := 0; i < 400_000; i++ {
		chain = &node{next: chain}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(slot *[8][]byte) {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				for j := range slot {
					slot[j] = make([]byte, 256<<10) // large: one heap event per 256 KiB
				}
			}
		}(&assistKeep[i%len(assistKeep)])
	}
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	close(done)
	wg.Wait()
	chain = nil
}
