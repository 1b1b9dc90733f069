// Command micro measures the per-hit cost of a uprobe: it waits -wait (for probes to attach), then
// calls service.Work -n times and prints the elapsed nanoseconds per call.
package main

import (
	"flag"
	"fmt"
	"time"

	"example.com/micro/service"
)

func main() {
	n := flag.Int("n", 200000, "calls")
	wait := flag.Duration("wait", 2*time.Second, "wait before the loop")
	flag.Parse()
	time.Sleep(*wait)
	start := time.Now()
	s := 0
	for i := 0; i < *n; i++ {
		s += service.Work(i)
	}
	el := time.Since(start)
	fmt.Printf("ns_per_call %.1f (checksum %d)\n", float64(el.Nanoseconds())/float64(*n), s)
}
