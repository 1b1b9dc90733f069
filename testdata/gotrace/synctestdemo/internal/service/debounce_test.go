package service

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"
)

// Each case runs in its own synctest bubble with a fake clock: the debouncer must emit the last
// value exactly one delay after the last push, and nothing before.
func TestDebouncer(t *testing.T) {
	for i := 1; i <= 20; i++ {
		delay := time.Duration(i) * 10 * time.Millisecond
		t.Run(fmt.Sprint(delay), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := NewDebouncer(delay)
				defer d.Close()
				start := time.Now()
				d.Push("a")
				time.Sleep(delay / 2)
				d.Push("b")
				synctest.Wait() // every goroutine of the bubble is now durably blocked
				select {
				case v := <-d.Out:
					t.Fatalf("%q came before the delay", v)
				default:
				}
				got := <-d.Out
				if got != "b" {
					t.Fatalf("got %q, want b", got)
				}
				if el := time.Since(start); el != delay/2+delay {
					t.Fatalf("emitted after %v, want %v", el, delay/2+delay)
				}
			})
		})
	}
}
