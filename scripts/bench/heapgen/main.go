// Command heapgen writes a large, real heap profile for scripts/bench/pprof.sh: every allocation is
// recorded (runtime.MemProfileRate = 1) and every allocation has its own call path (path i is the
// base-16 digits of i, each digit one of 16 distinct functions), so the profile has one sample per
// allocation site path: N samples, N distinct stacks.
//
//	go run . -n 600000 -out heap.pb.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var table [16]func(path, depth int)

var sink [][]byte

func init() {
	table = [16]func(path, depth int){f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15}
}

// step descends one level of the call path, or allocates at the end of it.
//
//go:noinline
func step(path, depth int) {
	if depth == 0 {
		sink = append(sink, make([]byte, 16+path%64))
		if len(sink) > 1024 {
			sink = sink[:0]
		}
		return
	}
	table[path%16](path/16, depth-1)
}

//go:noinline
func f0(path, depth int) { step(path, depth) }

//go:noinline
func f1(path, depth int) { step(path, depth) }

//go:noinline
func f2(path, depth int) { step(path, depth) }

//go:noinline
func f3(path, depth int) { step(path, depth) }

//go:noinline
func f4(path, depth int) { step(path, depth) }

//go:noinline
func f5(path, depth int) { step(path, depth) }

//go:noinline
func f6(path, depth int) { step(path, depth) }

//go:noinline
func f7(path, depth int) { step(path, depth) }

//go:noinline
func f8(path, depth int) { step(path, depth) }

//go:noinline
func f9(path, depth int) { step(path, depth) }

//go:noinline
func f10(path, depth int) { step(path, depth) }

//go:noinline
func f11(path, depth int) { step(path, depth) }

//go:noinline
func f12(path, depth int) { step(path, depth) }

//go:noinline
func f13(path, depth int) { step(path, depth) }

//go:noinline
func f14(path, depth int) { step(path, depth) }

//go:noinline
func f15(path, depth int) { step(path, depth) }

func main() {
	n := flag.Int("n", 600000, "number of allocations, each on a distinct call path")
	out := flag.String("out", "heap.pb.gz", "output file")
	flag.Parse()
	runtime.MemProfileRate = 1
	depth := 1
	for p := 16; p < *n; p *= 16 {
		depth++
	}
	for i := 0; i < *n; i++ {
		step(i, depth)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
