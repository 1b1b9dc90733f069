// Command xexpread streams every event of a trace through Go's own reader
// (golang.org/x/exp/trace, the exported copy of internal/trace) and counts them — the
// "Go streaming reader" comparator of scripts/bench-trace.sh.
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"golang.org/x/exp/trace"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	r, err := trace.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "events")
}
