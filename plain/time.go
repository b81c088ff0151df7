package plain

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// In a world, time is the world's virtual clock. A *time.Timer or
// *time.Ticker made in a world is a `&time.Timer{C: c}` over an unbuffered
// native channel c; the world's timer (sim.TimerOn) sends on c's world
// channel, and the world keeps the timer (sim.Local, keyed by the
// *time.Timer) for Stop and Reset. Such a value must not reach untouched
// code that calls its methods natively: the time package would find it
// uninitialised.

// worldTimer is the world's timer behind a *time.Timer or *time.Ticker;
// a ticker's Reset replaces it.
type worldTimer struct{ t *sim.Timer }

// timerOf is the world's timer for a *time.Timer (or *time.Ticker) key, or
// nil for one the world did not make.
func timerOf(rt sim.Runtime, key any) *worldTimer {
	return sim.Local(rt, key, func() *worldTimer { return nil })
}

// Now is time.Now().
func Now() time.Time {
	if rt := sim.Current(); rt != nil {
		return rt.Now()
	}
	return time.Now()
}

// Since is time.Since(t). In a world, a t of the real clock counts as read
// at the world's start (see inWorldFrame).
func Since(t time.Time) time.Duration {
	if rt := sim.Current(); rt != nil {
		return rt.Now().Sub(inWorldFrame(t))
	}
	return time.Since(t)
}

// Until is time.Until(t), with Since's reading of a real t in a world.
func Until(t time.Time) time.Duration {
	if rt := sim.Current(); rt != nil {
		return inWorldFrame(t).Sub(rt.Now())
	}
	return time.Until(t)
}

// inWorldFrame maps a time read from the real clock (one with a monotonic
// reading, which the world's times never have) to the world's start,
// sim.Epoch. Such a time was read outside the world, most often at package
// init (var start = time.Now()), and code then measures from it with
// time.Since. Against the world's clock, which starts at 2000-01-01, the
// real reading would make every such duration about minus the years since
// 2000; the real time between it and the world's start would make the run
// depend on the machine. Counted from the world's start, the duration is
// the world's own elapsed time: never negative, and fixed by the seed.
// Times built from a date, or stripped with Round(0), are taken as they
// are.
func inWorldFrame(t time.Time) time.Time {
	if t != t.Round(0) {
		return sim.Epoch
	}
	return t
}

// Sleep is time.Sleep(d).
func Sleep(d time.Duration) {
	if rt := sim.Current(); rt != nil {
		rt.Sleep(d)
		return
	}
	time.Sleep(d)
}

// After is time.After(d).
func After(d time.Duration) <-chan time.Time {
	if sim.Current() != nil {
		return NewTimer(d).C
	}
	return time.After(d)
}

// Tick is time.Tick(d): nil for a d that is not positive.
func Tick(d time.Duration) <-chan time.Time {
	if sim.Current() != nil {
		if d <= 0 {
			return nil
		}
		return NewTicker(d).C
	}
	return time.Tick(d)
}

// NewTimer is time.NewTimer(d).
func NewTimer(d time.Duration) *time.Timer {
	if rt := sim.Current(); rt != nil {
		c := make(chan time.Time)
		t := &time.Timer{C: c}
		wt := sim.TimerOn(rt, c, d, 0)
		sim.Local(rt, t, func() *worldTimer { return &worldTimer{t: wt} })
		return t
	}
	return time.NewTimer(d)
}

// AfterFunc is time.AfterFunc(d, f). In a world f runs as a new world
// goroutine when the timer fires.
func AfterFunc(d time.Duration, f func()) *time.Timer {
	if rt := sim.Current(); rt != nil {
		t := &time.Timer{}
		wt := sim.AfterFunc(rt, d, f)
		sim.Local(rt, t, func() *worldTimer { return &worldTimer{t: wt} })
		return t
	}
	return time.AfterFunc(d, f)
}

// NewTicker is time.NewTicker(d).
func NewTicker(d time.Duration) *time.Ticker {
	if rt := sim.Current(); rt != nil {
		if d <= 0 {
			panic("non-positive interval for NewTicker")
		}
		c := make(chan time.Time)
		t := &time.Ticker{C: c}
		wt := sim.TimerOn(rt, c, d, d)
		sim.Local(rt, t, func() *worldTimer { return &worldTimer{t: wt} })
		return t
	}
	return time.NewTicker(d)
}

// TimerStop is t.Stop().
func TimerStop(t *time.Timer) bool {
	if rt := sim.CurrentFor(t, "plain.TimerStop"); rt != nil {
		if wt := timerOf(rt, t); wt != nil {
			return wt.t.Stop()
		}
	}
	return t.Stop()
}

// TimerReset is t.Reset(d).
func TimerReset(t *time.Timer, d time.Duration) bool {
	if rt := sim.CurrentFor(t, "plain.TimerReset"); rt != nil {
		if wt := timerOf(rt, t); wt != nil {
			return wt.t.Reset(d)
		}
	}
	return t.Reset(d)
}

// TickerStop is t.Stop().
func TickerStop(t *time.Ticker) {
	if rt := sim.CurrentFor(t, "plain.TickerStop"); rt != nil {
		if wt := timerOf(rt, t); wt != nil {
			wt.t.Stop()
			return
		}
	}
	t.Stop()
}

// TickerReset is t.Reset(d): the ticker stops, and ticks every d from now.
func TickerReset(t *time.Ticker, d time.Duration) {
	if rt := sim.CurrentFor(t, "plain.TickerReset"); rt != nil {
		if wt := timerOf(rt, t); wt != nil {
			if d <= 0 {
				panic("non-positive interval for Ticker.Reset")
			}
			wt.t.Stop()
			wt.t = sim.TimerOn(rt, bidiRecv(t.C), d, d)
			return
		}
	}
	t.Reset(d)
}
