// Package service is the app layer of the synctest demo: a debouncer whose timing a test checks
// inside a testing/synctest bubble, so `go test -trace` writes GoBlock events with the block
// reason "synctest" (the bubble's root goroutine waiting for the bubble, and synctest.Wait).
package service

import "time"

// Debouncer passes on the last value pushed once no new value came for its delay.
type Debouncer struct {
	delay time.Duration
	in    chan string
	// Out receives the debounced values.
	Out chan string
}

// NewDebouncer starts a debouncer; Close stops it.
func NewDebouncer(delay time.Duration) *Debouncer {
	d := &Debouncer{delay: delay, in: make(chan string), Out: make(chan string)}
	go d.run()
	return d
}

// Push offers a value.
func (d *Debouncer) Push(s string) { d.in <- s }

// Close stops the debouncer.
func (d *Debouncer) Close() { close(d.in) }

func (d *Debouncer) run() {
	var last string
	var timer <-chan time.Time
	for {
		select {
		case s, ok := <-d.in:
			if !ok {
				return
			}
			last = s
			timer = time.After(d.delay)
		case <-timer:
			d.Out <- last
			timer = nil
		}
	}
}
