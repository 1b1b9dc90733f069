// Command pingpong measures what one context switch of a Go program's main thread costs, with and
// without a tracer attached: the main goroutine, locked to the main thread, writes a byte to `cat`
// through a pipe and blocks reading it back from another, so each round trip switches the main
// thread out and back in once (and `cat` likewise). A tracer whose perf events are bound to the
// process's pid is bound to this thread (perf_event_open binds to the task the pid names), so the
// difference per round trip is what the kernel does with those events at the switch.
//
// Prints "pid N" once it is ready (after -wait), then, for each of -rounds rounds of -n round
// trips, "R ns/roundtrip".
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

func init() { runtime.LockOSThread() }

func main() {
	rounds := flag.Int("rounds", 5, "rounds")
	n := flag.Int("n", 100000, "round trips per round")
	wait := flag.Duration("wait", 0, "pause after printing the pid, before the first round (time to attach)")
	flag.Parse()
	var a, b [2]int
	if err := syscall.Pipe2(a[:], syscall.O_CLOEXEC); err != nil {
		panic(err)
	}
	if err := syscall.Pipe2(b[:], syscall.O_CLOEXEC); err != nil {
		panic(err)
	}
	// The echo is another executable: a process running this one would share its uprobes.
	cat := exec.Command("cat")
	cat.Stdin = os.NewFile(uintptr(a[0]), "to-cat")
	cat.Stdout = os.NewFile(uintptr(b[1]), "from-cat")
	if err := cat.Start(); err != nil {
		panic(err)
	}
	syscall.Close(a[0])
	syscall.Close(b[1])
	fmt.Printf("pid %d\n", os.Getpid())
	time.Sleep(*wait)
	buf := []byte{'x'}
	for r := 0; r < *rounds; r++ {
		t0 := time.Now()
		for i := 0; i < *n; i++ {
			if _, err := syscall.Write(a[1], buf); err != nil {
				panic(err)
			}
			if k, err := syscall.Read(b[0], buf); err != nil || k != 1 {
				panic(fmt.Sprint("read ", k, err))
			}
		}
		fmt.Printf("%.0f ns/roundtrip\n", float64(time.Since(t0).Nanoseconds())/float64(*n))
	}
	syscall.Close(a[1])
	_ = cat.Wait()
}
