// Command bench-go measures go/parser on the same input as strata_go's examples/parse_speed.rs:
// every non-testdata .go file under DIR read into memory, parsed with
// parser.ParseFile(…, ParseComments|SkipObjectResolution) (a full AST with comments, as strata_go
// builds), the whole set parsed -runs times (default 5); prints the best pass, by wall time and by
// process CPU time (user+system, all threads: GC included). Run with GOMAXPROCS=1
// for a per-core figure (GC then shares the core, as it would in a real single-threaded run).
package main

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("runs", 5, "passes over the tree")
	flag.Parse()
	root := flag.Arg(0)
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	srcs := make([][]byte, 0, len(files))
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		srcs = append(srcs, b)
		total += len(b)
	}
	best := time.Duration(1 << 62)
	bestCPU := time.Duration(1 << 62)
	errs := 0
	for r := 0; r < *runs; r++ {
		errs = 0
		runtime.GC()
		start := time.Now()
		cpu0 := cpuTime()
		for i, src := range srcs {
			fset := token.NewFileSet()
			if _, err := parser.ParseFile(fset, files[i], src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				errs++
			}
		}
		if d := time.Since(start); d < best {
			best = d
		}
		if d := cpuTime() - cpu0; d < bestCPU {
			bestCPU = d
		}
	}
	fmt.Printf("go/parser files=%d bytes=%d errors=%d best_s=%.3f mb_per_s=%.1f cpu_s=%.3f cpu_mb_per_s=%.1f\n",
		len(srcs), total, errs, best.Seconds(), float64(total)/1e6/best.Seconds(),
		bestCPU.Seconds(), float64(total)/1e6/bestCPU.Seconds())
}

// cpuTime is the user+system CPU time of the whole process (all threads, so GC work counts).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
