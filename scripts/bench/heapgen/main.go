// Command heapgen writes a large, real heap profile for scripts/bench/pprof.sh: every allocation is
// recorded (runtime.MemProfileRate = 1) and every allocation has its own call path (path i is the
// base-32 digits of i, each digit one of 32 distinct three-function chains f→g→h), so the profile has
// one sample per allocation: N samples, N distinct stacks, about 20 frames deep, 97 functions.
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

var table [32]func(path, depth int)

var sink [][]byte

func init() {
	table = [32]func(path, depth int){f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31}
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
	table[path%32](path/32, depth-1)
}

//go:noinline
func f0(path, depth int) { g0(path, depth) }

//go:noinline
func g0(path, depth int) { h0(path, depth) }

//go:noinline
func h0(path, depth int) { step(path, depth) }

//go:noinline
func f1(path, depth int) { g1(path, depth) }

//go:noinline
func g1(path, depth int) { h1(path, depth) }

//go:noinline
func h1(path, depth int) { step(path, depth) }

//go:noinline
func f2(path, depth int) { g2(path, depth) }

//go:noinline
func g2(path, depth int) { h2(path, depth) }

//go:noinline
func h2(path, depth int) { step(path, depth) }

//go:noinline
func f3(path, depth int) { g3(path, depth) }

//go:noinline
func g3(path, depth int) { h3(path, depth) }

//go:noinline
func h3(path, depth int) { step(path, depth) }

//go:noinline
func f4(path, depth int) { g4(path, depth) }

//go:noinline
func g4(path, depth int) { h4(path, depth) }

//go:noinline
func h4(path, depth int) { step(path, depth) }

//go:noinline
func f5(path, depth int) { g5(path, depth) }

//go:noinline
func g5(path, depth int) { h5(path, depth) }

//go:noinline
func h5(path, depth int) { step(path, depth) }

//go:noinline
func f6(path, depth int) { g6(path, depth) }

//go:noinline
func g6(path, depth int) { h6(path, depth) }

//go:noinline
func h6(path, depth int) { step(path, depth) }

//go:noinline
func f7(path, depth int) { g7(path, depth) }

//go:noinline
func g7(path, depth int) { h7(path, depth) }

//go:noinline
func h7(path, depth int) { step(path, depth) }

//go:noinline
func f8(path, depth int) { g8(path, depth) }

//go:noinline
func g8(path, depth int) { h8(path, depth) }

//go:noinline
func h8(path, depth int) { step(path, depth) }

//go:noinline
func f9(path, depth int) { g9(path, depth) }

//go:noinline
func g9(path, depth int) { h9(path, depth) }

//go:noinline
func h9(path, depth int) { step(path, depth) }

//go:noinline
func f10(path, depth int) { g10(path, depth) }

//go:noinline
func g10(path, depth int) { h10(path, depth) }

//go:noinline
func h10(path, depth int) { step(path, depth) }

//go:noinline
func f11(path, depth int) { g11(path, depth) }

//go:noinline
func g11(path, depth int) { h11(path, depth) }

//go:noinline
func h11(path, depth int) { step(path, depth) }

//go:noinline
func f12(path, depth int) { g12(path, depth) }

//go:noinline
func g12(path, depth int) { h12(path, depth) }

//go:noinline
func h12(path, depth int) { step(path, depth) }

//go:noinline
func f13(path, depth int) { g13(path, depth) }

//go:noinline
func g13(path, depth int) { h13(path, depth) }

//go:noinline
func h13(path, depth int) { step(path, depth) }

//go:noinline
func f14(path, depth int) { g14(path, depth) }

//go:noinline
func g14(path, depth int) { h14(path, depth) }

//go:noinline
func h14(path, depth int) { step(path, depth) }

//go:noinline
func f15(path, depth int) { g15(path, depth) }

//go:noinline
func g15(path, depth int) { h15(path, depth) }

//go:noinline
func h15(path, depth int) { step(path, depth) }

//go:noinline
func f16(path, depth int) { g16(path, depth) }

//go:noinline
func g16(path, depth int) { h16(path, depth) }

//go:noinline
func h16(path, depth int) { step(path, depth) }

//go:noinline
func f17(path, depth int) { g17(path, depth) }

//go:noinline
func g17(path, depth int) { h17(path, depth) }

//go:noinline
func h17(path, depth int) { step(path, depth) }

//go:noinline
func f18(path, depth int) { g18(path, depth) }

//go:noinline
func g18(path, depth int) { h18(path, depth) }

//go:noinline
func h18(path, depth int) { step(path, depth) }

//go:noinline
func f19(path, depth int) { g19(path, depth) }

//go:noinline
func g19(path, depth int) { h19(path, depth) }

//go:noinline
func h19(path, depth int) { step(path, depth) }

//go:noinline
func f20(path, depth int) { g20(path, depth) }

//go:noinline
func g20(path, depth int) { h20(path, depth) }

//go:noinline
func h20(path, depth int) { step(path, depth) }

//go:noinline
func f21(path, depth int) { g21(path, depth) }

//go:noinline
func g21(path, depth int) { h21(path, depth) }

//go:noinline
func h21(path, depth int) { step(path, depth) }

//go:noinline
func f22(path, depth int) { g22(path, depth) }

//go:noinline
func g22(path, depth int) { h22(path, depth) }

//go:noinline
func h22(path, depth int) { step(path, depth) }

//go:noinline
func f23(path, depth int) { g23(path, depth) }

//go:noinline
func g23(path, depth int) { h23(path, depth) }

//go:noinline
func h23(path, depth int) { step(path, depth) }

//go:noinline
func f24(path, depth int) { g24(path, depth) }

//go:noinline
func g24(path, depth int) { h24(path, depth) }

//go:noinline
func h24(path, depth int) { step(path, depth) }

//go:noinline
func f25(path, depth int) { g25(path, depth) }

//go:noinline
func g25(path, depth int) { h25(path, depth) }

//go:noinline
func h25(path, depth int) { step(path, depth) }

//go:noinline
func f26(path, depth int) { g26(path, depth) }

//go:noinline
func g26(path, depth int) { h26(path, depth) }

//go:noinline
func h26(path, depth int) { step(path, depth) }

//go:noinline
func f27(path, depth int) { g27(path, depth) }

//go:noinline
func g27(path, depth int) { h27(path, depth) }

//go:noinline
func h27(path, depth int) { step(path, depth) }

//go:noinline
func f28(path, depth int) { g28(path, depth) }

//go:noinline
func g28(path, depth int) { h28(path, depth) }

//go:noinline
func h28(path, depth int) { step(path, depth) }

//go:noinline
func f29(path, depth int) { g29(path, depth) }

//go:noinline
func g29(path, depth int) { h29(path, depth) }

//go:noinline
func h29(path, depth int) { step(path, depth) }

//go:noinline
func f30(path, depth int) { g30(path, depth) }

//go:noinline
func g30(path, depth int) { h30(path, depth) }

//go:noinline
func h30(path, depth int) { step(path, depth) }

//go:noinline
func f31(path, depth int) { g31(path, depth) }

//go:noinline
func g31(path, depth int) { h31(path, depth) }

//go:noinline
func h31(path, depth int) { step(path, depth) }

func main() {
	n := flag.Int("n", 600000, "number of allocations, each on a distinct call path")
	out := flag.String("out", "heap.pb.gz", "output file")
	flag.Parse()
	runtime.MemProfileRate = 1
	depth := 1
	for p := 32; p < *n; p *= 32 {
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
