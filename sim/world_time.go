package sim

import "time"

// Timers that race running code (Options.TimerHorizon).
//
// Without the horizon a timer fires only in idle, when no goroutine is
// runnable, so the clock never moves while a goroutine is between two
// steps: a deadline cannot pass, and a message cannot arrive, in the
// middle of a Shutdown or a retry loop. With it, every scheduling point
// with a timer due within the horizon asks the Chooser whether the time
// the running code took reached that timer. The question is asked only
// when such a timer is pending, so a world without timers in range pays
// nothing and records no extra choice.

// timeDecision asks, at g's scheduling point, whether the earliest pending
// timer fires now; on answer 1 it moves the clock to it and fires every
// timer due then. The goroutines that makes runnable wait for the
// preemption decision that follows, like any other runnable goroutine.
func (w *world) timeDecision(g *goroutine) {
	t := w.timers[0]
	if !w.inHorizon(t.when) {
		return
	}
	i := w.choose(Decision{Kind: TimeDecision, N: 2, Current: g.id, Local: g.steps, Step: w.step})
	if w.failure != nil { // the chooser failed: the host ends the world
		w.schedule(g)
	}
	if i == 0 {
		return
	}
	w.now = max(w.now, t.when)
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpAdvance, Choice: i, N: 2})
	w.fireDue()
}

// inHorizon reports whether a timer due at when may fire at a scheduling
// point: within the horizon, and not beyond a bound at which idle would
// end the run instead (the time budget, the settle time after the body
// returned), so that the horizon never turns a failure into a pass.
func (w *world) inHorizon(when time.Duration) bool {
	switch {
	case when-w.now > w.opts.TimerHorizon:
		return false
	case when > w.opts.VirtualTimeMax:
		return false
	case w.bodyDone && when > w.bodyDoneAt+w.opts.Settle:
		return false
	}
	return true
}

// fireDue fires, in order, every pending timer due at or before now.
func (w *world) fireDue() {
	for len(w.timers) > 0 && w.timers[0].when <= w.now {
		w.timers.popFire()
	}
}
