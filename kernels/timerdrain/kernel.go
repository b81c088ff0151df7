// Package timerdrain is a kernel of its own design (timer): a debouncer
// re-arms its timer on every event with the old drain idiom
// `if !t.Stop() { <-t.C }`. When the timer has fired and its value was
// already received by the debouncer's own select, Stop reports false and
// the drain waits for a value that will never come: the debouncer is stuck
// and can no longer be closed. Under Go 1.23 timer semantics Reset alone is
// correct (it discards any stale value), which is the fix.
package timerdrain

import "time"

// Debouncer fires once per burst of events, d after the last one.
type Debouncer struct {
	fixed  bool
	d      time.Duration
	events chan struct{}
	fired  chan struct{}
	stop   chan struct{}
	exited chan struct{}
}

// Start returns a running debouncer, armed as if an event had arrived.
func Start(d time.Duration, fixed bool) *Debouncer {
	b := &Debouncer{fixed: fixed, d: d, events: make(chan struct{}), fired: make(chan struct{}, 8), stop: make(chan struct{}), exited: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Debouncer) loop() {
	defer close(b.exited)
	t := time.NewTimer(b.d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.fired <- struct{}{}
		case <-b.events:
			if !b.fixed && !t.Stop() {
				<-t.C
			}
			t.Reset(b.d)
		case <-b.stop:
			return
		}
	}
}

// Event reports an event.
func (b *Debouncer) Event() { b.events <- struct{}{} }

// Fired receives a value each time the debouncer fires.
func (b *Debouncer) Fired() <-chan struct{} { return b.fired }

// Close stops the debouncer; Exited is closed when it has.
func (b *Debouncer) Close() { close(b.stop) }

// Exited is closed when the loop has returned.
func (b *Debouncer) Exited() <-chan struct{} { return b.exited }
