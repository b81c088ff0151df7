package sim

import (
	"time"
	"unsafe"
)

// Timer is a single event on the runtime's clock, made by
// [Runtime.NewTimer]. When it fires, the current time is sent on C. Stop
// and Reset have Go 1.23 semantics: once they return, C yields no value
// from before the call.
type Timer struct {
	C Chan[time.Time]
	r *time.Timer
	w *wtimer
}

// Stop prevents the timer from firing and reports whether it was active.
func (t *Timer) Stop() bool {
	if t.r != nil {
		return t.r.Stop()
	}
	if t.w == nil {
		panic("sim: Timer.Stop on a zero Timer: make it with Runtime.NewTimer")
	}
	return t.w.stop()
}

// Reset makes the timer fire after d and reports whether it was active.
func (t *Timer) Reset(d time.Duration) bool {
	if t.r != nil {
		return t.r.Reset(d)
	}
	if t.w == nil {
		panic("sim: Timer.Reset on a zero Timer: make it with Runtime.NewTimer")
	}
	return t.w.reset(d)
}

// realTimerChan views a time.Timer's receive-only channel as the
// bidirectional one Chan holds. The two share one representation; only
// the receive operations are ever used on it (nothing else can reach it).
func realTimerChan(c <-chan time.Time) Chan[time.Time] {
	return Chan[time.Time]{c: *(*chan time.Time)(unsafe.Pointer(&c))}
}
