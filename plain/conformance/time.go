package conformance

import (
	"sync"
	"time"
)

// Durations are a few milliseconds: real time natively, virtual in a world.
const tick = time.Millisecond

func sleepSince() []string {
	var t transcript
	start := time.Now()
	time.Sleep(2 * tick)
	first := time.Since(start)
	time.Sleep(3 * tick)
	total := time.Since(start)
	t.add("slept>=2ms %v, total>=5ms %v, total>=first %v", first >= 2*tick, total >= 5*tick, total >= first)
	return t
}

func nowUntil() []string {
	var t transcript
	deadline := time.Now().Add(3 * tick)
	t.add("until positive before %v", time.Until(deadline) > 0)
	time.Sleep(3 * tick)
	t.add("until not positive after %v", time.Until(deadline) <= 0)
	t.add("now after deadline %v", !time.Now().Before(deadline))
	return t
}

// A timer's value is the time it fired, never before it was due.
func timerFires() []string {
	var t transcript
	start := time.Now()
	tm := time.NewTimer(2 * tick)
	v := <-tm.C
	t.add("fired not early %v, elapsed>=2ms %v", !v.Before(start.Add(2*tick)), time.Since(start) >= 2*tick)
	return t
}

func timerStopBeforeFire() []string {
	var t transcript
	tm := time.NewTimer(time.Hour)
	t.add("Stop before fire: %v", tm.Stop())
	t.add("Stop again: %v", tm.Stop())
	select {
	case <-tm.C:
		t.add("stopped timer delivered")
	default:
		t.add("nothing delivered")
	}
	return t
}

// After its value is received a timer has expired: Stop and Reset report
// false.
func timerStopResetAfterDrain() []string {
	var t transcript
	tm := time.NewTimer(tick)
	<-tm.C
	t.add("Stop after drain: %v", tm.Stop())
	t.add("Reset after Stop: %v", tm.Reset(tick))
	<-tm.C
	t.add("Reset after drain: %v", tm.Reset(tick))
	<-tm.C
	t.add("received after each Reset")
	return t
}

// Go 1.23 semantics: a timer whose value has not been received has not
// expired as far as Stop and Reset are concerned, and Reset discards the
// stale value, so the next receive is the new expiry.
func timerResetFiredUndrained() []string {
	var t transcript
	tm := time.NewTimer(tick)
	time.Sleep(3 * tick)
	t.add("len(C) of fired timer: %d", len(tm.C))
	resetAt := time.Now()
	t.add("Reset of fired undrained timer: %v", tm.Reset(2*tick))
	v := <-tm.C
	t.add("value is the new expiry: %v", !v.Before(resetAt.Add(2*tick)))
	return t
}

func timerStopFiredUndrained() []string {
	var t transcript
	tm := time.NewTimer(tick)
	time.Sleep(3 * tick)
	t.add("Stop of fired undrained timer: %v", tm.Stop())
	select {
	case <-tm.C:
		t.add("stale value received")
	default:
		t.add("no stale value")
	}
	return t
}

func timeAfter() []string {
	var t transcript
	start := time.Now()
	v := <-time.After(2 * tick)
	t.add("After not early %v", !v.Before(start.Add(2*tick)))
	return t
}

func afterFuncCallsBack() []string {
	var t transcript
	ch := make(chan string)
	start := time.Now()
	tm := time.AfterFunc(2*tick, func() { ch <- "called back" })
	t.add("%s", <-ch)
	t.add("after >=2ms %v", time.Since(start) >= 2*tick)
	t.add("Stop after it ran: %v", tm.Stop())
	t.add("Reset re-arms: %v", tm.Reset(tick))
	t.add("%s again", <-ch)
	return t
}

func afterFuncStop() []string {
	var t transcript
	ran := make(chan struct{}, 1)
	tm := time.AfterFunc(time.Hour, func() { ran <- struct{}{} })
	t.add("Stop before it ran: %v", tm.Stop())
	t.add("Reset of stopped: %v", tm.Reset(tick))
	<-ran
	t.add("ran after Reset")
	return t
}

// After Stop a ticker delivers nothing, not even a tick that was due.
func tickerStopReset() []string {
	var t transcript
	start := time.Now()
	tk := time.NewTicker(tick)
	<-tk.C
	<-tk.C
	t.add("two ticks, elapsed>=2ms %v", time.Since(start) >= 2*tick)
	resetAt := time.Now()
	tk.Reset(2 * tick)
	v := <-tk.C
	t.add("tick after Reset not early %v", !v.Before(resetAt.Add(2*tick)))
	time.Sleep(3 * tick)
	tk.Stop()
	select {
	case <-tk.C:
		t.add("tick after Stop")
	default:
		t.add("no tick after Stop")
	}
	return t
}

func timeTick() []string {
	var t transcript
	start := time.Now()
	c := time.Tick(tick)
	first := <-c
	second := <-c
	t.add("ticks in order %v, first not early %v, second >=2ms %v", second.After(first), !first.Before(start.Add(tick)), time.Since(start) >= 2*tick)
	return t
}

// Methods taken as values (golang.org/x/time/rate hands out a timer's Stop
// as a func() bool and defers it): a timer's Stop and Reset, a ticker's
// Stop and a WaitGroup's Done, bound where they are taken.
func timeMethodValues() []string {
	var t transcript
	newTimer := func(d time.Duration) (<-chan time.Time, func() bool, func(time.Duration) bool) {
		tm := time.NewTimer(d)
		return tm.C, tm.Stop, tm.Reset
	}
	ch, stop, _ := newTimer(time.Hour)
	t.add("stop before firing %v", stop())
	select {
	case <-ch:
		t.add("fired")
	default:
		t.add("not fired")
	}
	ch2, stop2, reset2 := newTimer(time.Hour)
	t.add("reset %v", reset2(tick))
	<-ch2
	t.add("stop after firing %v", stop2())
	tk := time.NewTicker(tick)
	tstop := tk.Stop
	<-tk.C
	tstop()
	var wg sync.WaitGroup
	done := wg.Done
	wg.Add(2)
	go done()
	go done()
	wg.Wait()
	t.add("ticker stopped, waited")
	return t
}
