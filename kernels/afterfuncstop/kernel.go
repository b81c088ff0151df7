// Package afterfuncstop is a kernel of its own design (timer): a heartbeat
// re-arms itself from its time.AfterFunc callback, and Stop stops the timer
// under the mutex, ignoring that Stop returns false when the callback has
// already started. A callback that was waiting for the mutex then beats
// after Stop returned and re-arms the timer, so the heartbeat goes on. The
// fix has the callback check, under the mutex, whether it was stopped.
package afterfuncstop

import (
	"sync"
	"time"
)

// MaxBeats bounds a heartbeat that was never stopped.
const MaxBeats = 20

// Heartbeat beats every d until stopped.
type Heartbeat struct {
	fixed   bool
	d       time.Duration
	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	beats   int
	late    int
	ticks   chan struct{}
}

// Start returns a running heartbeat.
func Start(d time.Duration, fixed bool) *Heartbeat {
	h := &Heartbeat{fixed: fixed, d: d, ticks: make(chan struct{}, 1)}
	h.mu.Lock()
	h.timer = time.AfterFunc(d, h.beat)
	h.mu.Unlock()
	return h
}

func (h *Heartbeat) beat() {
	select {
	case h.ticks <- struct{}{}:
	default:
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		if h.fixed {
			return
		}
		h.late++
	}
	h.beats++
	if h.beats < MaxBeats {
		h.timer.Reset(h.d)
	}
}

// Stop stops the heartbeat: no beat happens once it returns.
func (h *Heartbeat) Stop() {
	h.mu.Lock()
	h.stopped = true
	h.timer.Stop()
	h.mu.Unlock()
}

// Ticks receives a value when a beat starts (dropped if nobody listens).
func (h *Heartbeat) Ticks() <-chan struct{} { return h.ticks }

// Late returns how many beats happened after Stop.
func (h *Heartbeat) Late() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.late
}
