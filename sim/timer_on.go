package sim

import (
	"time"
)

// Timers for package plain, whose *time.Timer and *time.Ticker values keep
// their types: the world's timer sends on the world channel of the value's
// own native channel C, so that a receive from C (adopted by AdoptChan)
// waits on the world's clock.

// TimerOn makes a world timer of rt whose channel is the adopted native
// channel c: it sends the current time on c after d, and, if period is
// positive, every period after that, as a time.Ticker does (a tick that
// finds the channel full is dropped). Stop and Reset are [Timer]'s, Go
// 1.23 semantics included; Reset keeps the period. A later TimerOn on the
// same c (a ticker's Reset with a new period, after Stop of the old
// timer) reuses its world channel. c's length and capacity then read 0
// in the world, as a Go 1.23 timer channel's do.
func TimerOn(rt Runtime, c chan time.Time, d, period time.Duration) *Timer {
	w := worldOf(rt, "TimerOn")
	if c == nil {
		panic("sim: TimerOn: nil channel")
	}
	h := w.newTimerHandle(d)
	t := h.w
	w.point(OpTimerNew, t.id)
	ch, ok := w.locals[c].(*wchan[time.Time])
	if !ok {
		ch = newWChan[time.Time](w, 1)
		if w.locals == nil {
			w.locals = map[any]any{}
		}
		w.locals[c] = ch
		w.adopt(c, "timer channel")
	}
	ch.timer = true
	t.ch, t.period = ch, period
	w.arm(t)
	h.C = Chan[time.Time]{w: ch}
	return h
}

// AfterFunc is time.AfterFunc on rt's world: after d, f runs as a new
// world goroutine named "time.AfterFunc", whose spawn site is the
// caller's. The Timer has no channel; Stop reports whether it stopped f
// from being started, and Reset arms it again.
//
// Not inlined: its spawn site is read from its own frame (callerStack).
//
//go:noinline
func AfterFunc(rt Runtime, d time.Duration, f func()) *Timer {
	w := worldOf(rt, "AfterFunc")
	h := w.newTimerHandle(d)
	t := h.w
	t.fnAt = callerStack(getfp())
	w.point(OpTimerNew, t.id)
	t.fn = f
	w.arm(t)
	return h
}

// newTimerHandle makes a Timer and its world timer (not armed) in one
// allocation; the caller gives it a channel or a function.
func (w *world) newTimerHandle(d time.Duration) *Timer {
	p := &struct {
		h Timer
		t wtimer
	}{t: w.timerAfter(d)}
	w.timersMade++
	p.h.w = &p.t
	return &p.h
}
