package sim

import (
	"fmt"
)

// chainMax bounds the resume chain (see schedule). At 3, a switch costs one
// coroutine switch when its target is the caller or a fresh callee, and
// never more than two.
const chainMax = 3

// schedule hands the processor on, from goroutine from (nil for the host),
// and returns when from is picked to run again (the host: when the world
// is over).
//
// Goroutines are coroutines (iter.Pull), and a coroutine can switch only
// to the one that resumed it (by yielding) or to one it resumes itself. So
// rather than always returning to the host, which would cost two switches
// per handoff, a goroutine that stops running becomes a scheduler in
// turn: it resumes the next goroutine itself, making a chain host → g1 →
// g2 → …, or, if the next goroutine is above it on the chain (or the chain
// is full), yields upward. A ping-pong between two goroutines then costs
// one switch per handoff. Only the host advances time and ends the world.
func (w *world) schedule(from *goroutine) {
	depth := 0
	if from != nil {
		depth = from.depth
	}
	for {
		if w.failure != nil || w.abandoned.Load() {
			if from == nil {
				return
			}
			w.yieldUp(from) // the host ends the world; we are only unwound
		}
		next := w.next
		w.next = nil
		if next == nil {
			if w.run.len() == 0 {
				if from != nil {
					w.yieldUp(from) // the host advances time
					return
				}
				if !w.idle() {
					return
				}
				continue
			}
			next = w.pick(w.lastID)
			if w.failure != nil {
				continue
			}
		}
		if next == from {
			return
		}
		if next.depth > 0 || depth >= chainMax {
			w.next = next // an ancestor resumes it, or is it
			w.yieldUp(from)
			return // whoever resumed us picked us
		}
		next.depth = depth + 1
		w.cur, w.lastID = next, next.id
		if w.resumes++; w.resumes&255 == 0 {
			w.progress.Add(1)
		}
		ended, alive := next.resume()
		next.depth = 0
		w.cur = from
		if from != nil {
			w.lastID = from.id
		}
		if ended || !alive {
			w.exited(next)
		}
	}
}

// yieldUp returns control to the goroutine (or host) that resumed g; it
// returns when g is resumed again, and unwinds g if the world is over.
func (w *world) yieldUp(g *goroutine) {
	if !g.co.yield(false) {
		panic(unwindSignal{})
	}
	if w.unwinding {
		panic(unwindSignal{})
	}
}

// idle runs when nothing is runnable: it fires the next timers, or decides
// how the run ends. It reports whether the run goes on.
func (w *world) idle() bool {
	if w.live == 0 {
		return false
	}
	if w.checkIntrusion() {
		return false
	}
	if w.pollForeign() { // before the clock moves: see foreign.go
		return true
	}
	var t *wtimer
	if len(w.timers) > 0 {
		t = w.timers[0]
	}
	switch {
	case w.bodyDone && (t == nil || t.when > w.bodyDoneAt+w.opts.Settle):
		if goOn, failed := w.lastLook(); goOn || failed {
			return goOn
		}
		w.fail(&Failure{Kind: KindLeak, Message: fmt.Sprintf("%d goroutine(s) still alive after the body returned and the world settled", w.live)}, nil)
		return false
	case t == nil:
		if goOn, failed := w.lastLook(); goOn || failed {
			return goOn
		}
		w.fail(&Failure{Kind: KindDeadlock, Message: "all goroutines are blocked and no timer is pending"}, nil)
		return false
	case t.when > w.opts.VirtualTimeMax:
		w.fail(&Failure{Kind: KindTime, Message: fmt.Sprintf("virtual time budget %v exhausted: the next timer fires at +%v", w.opts.VirtualTimeMax, t.when)}, nil)
		return false
	}
	w.now = max(w.now, t.when) // a NowTick may have carried it past
	w.tr.add(Event{Step: w.step, Time: w.now, Op: OpAdvance, Choice: -1})
	w.fireDue()
	return true
}

// lastLook runs before the world declares a deadlock or a leak: it
// reports whether code outside the world completed a wait (the run goes
// on), or intruded while the world waited for it (the run has failed, as
// that intrusion).
func (w *world) lastLook() (goOn, failed bool) {
	if w.awaitForeign() {
		return true, false
	}
	return false, w.checkIntrusion()
}

// point is the scheduling point at the start of every kit operation: it
// counts the step, records the event, and lets the Chooser switch to
// another runnable goroutine. It returns the calling goroutine.
func (w *world) point(op Op, obj int) *goroutine {
	g := w.cur
	if g == nil {
		panic("sim: kit operation outside a running world: call the Runtime only from Run's body and the goroutines it starts")
	}
	if !g.onHost() {
		panic(rawGoroutinePanic)
	}
	if w.unwinding {
		return g
	}
	if w.intrusion.Load() != nil && w.failure == nil {
		w.checkIntrusion()
	}
	if w.failure != nil { // found while this goroutine ran (a chooser's panic)
		w.schedule(g)
	}
	w.step++
	g.steps++
	g.lastOp = op
	if w.step&1023 == 0 {
		w.progress.Add(1)
	}
	if w.step > w.opts.StepsMax {
		w.stepsExhausted(g)
	}
	if w.opts.TimerHorizon > 0 && len(w.timers) > 0 {
		w.timeDecision(g)
	}
	if w.run.len() < 2 {
		w.tr.point(w.step, w.now, g.id, op, obj, -1, 0)
		return g
	}
	// Answer 0 lets the running goroutine go on; k > 0 preempts it for the
	// k-th other runnable one, by ascending id. So a schedule's non-zero
	// answers are exactly its preemptions, and shrinking towards 0 removes
	// them.
	n := w.run.len()
	var i int
	if w.walk != nil {
		i = w.walkSchedule(n)
	} else {
		i = w.choose(Decision{Kind: ScheduleDecision, N: n, run: &w.run, Current: g.id, Running: true, Local: g.steps, Step: w.step})
	}
	w.tr.point(w.step, w.now, g.id, op, obj, i, n)
	next := g
	if i > 0 {
		next = w.gs[w.run.other(g.id, i)-1]
	}
	if next != g || w.failure != nil {
		w.next = next
		w.schedule(g)
	}
	return g
}

// The cold and the wide parts of point are functions of their own, so
// that its frame, which every kit call's goroutine stack holds, stays
// small: a coroutine that outgrows its stack has it copied, and those
// copies were a tenth of a run's CPU (issue 19).

// stepsExhausted ends the run at the step budget. After the body
// returned, what used the budget up is goroutines that outlived it and
// never stopped (a ticker's loop, a poller): a leak that Settle would have
// found if the steps had lasted, reported as one.
//
//go:noinline
func (w *world) stepsExhausted(g *goroutine) {
	f := &Failure{Kind: KindSteps, Message: fmt.Sprintf("step budget %d exhausted: livelock, or a run far longer than intended", w.opts.StepsMax)}
	if w.bodyDone {
		f = &Failure{Kind: KindLeak, Message: fmt.Sprintf("%d goroutine(s) still alive after the body returned: they ran on for the rest of the step budget (%d), %v of virtual time after the body's end, and the world never settled", w.live, w.opts.StepsMax, w.now-w.bodyDoneAt)}
	}
	w.fail(f, g)
	w.schedule(g)
}

// park blocks g until another goroutine or a timer makes it runnable.
func (w *world) park(g *goroutine, op Op, objs ...int) {
	if w.unwinding {
		panic(unwindSignal{})
	}
	g.state = gBlocked
	g.blockOp, g.blockAt = op, w.now
	g.blockObjs = append(g.blockObjs[:0], objs...)
	w.removeRunnable(g)
	w.next = nil
	w.schedule(g)
	if p := g.wakePanic; p != "" {
		g.wakePanic = ""
		panic(plainError(p))
	}
}

func (w *world) makeRunnable(g *goroutine) {
	g.state = gRunnable
	w.run.add(g.id)
}

func (w *world) removeRunnable(g *goroutine) { w.run.remove(g.id) }

// pick chooses the next goroutine to run from the runnable ones, after
// the one that ran last (current) blocked or ended.
func (w *world) pick(current int) *goroutine {
	if w.run.len() == 1 {
		return w.gs[w.run.at(0)-1]
	}
	if w.walk != nil {
		return w.gs[w.run.at(w.walkSchedule(w.run.len()))-1]
	}
	var local int64
	if current > 0 {
		local = w.gs[current-1].steps
	}
	i := w.choose(Decision{Kind: ScheduleDecision, N: w.run.len(), run: &w.run, Current: current, Local: local, Step: w.step})
	return w.gs[w.run.at(i)-1]
}

// choose asks the Chooser and records its answer. An answer out of range is
// a failure of the chooser, reported as such; the run stops there. A
// Chooser that panics stops the world, and Run re-raises the panic in its
// caller: rapid's Chooser signals the end of its data that way, and rapid
// must see it in the test's goroutine.
func (w *world) choose(d Decision) int {
	defer w.recoverChooser() // a recovered panic makes choose return 0
	i := w.chooser.Choose(d)
	if i < 0 || i >= d.N {
		i = w.badAnswer(d, i)
	}
	w.choices.add(Choice{Kind: d.Kind, N: d.N, Pick: i})
	return i
}

// walkSchedule answers a schedule decision among n for the default
// chooser, the random walk, without building a Decision for it, calling
// it through its interface or guarding it against a panic it cannot
// raise: the same answer Choose gives, for about 15% less of a point's
// cost (issue 19). It records the answer as choose does.
func (w *world) walkSchedule(n int) int {
	i := w.walk.schedule(n)
	w.choices.add(Choice{Kind: ScheduleDecision, N: n, Pick: i})
	return i
}

// badAnswer fails the run on an answer out of range, and answers 0.
//
//go:noinline
func (w *world) badAnswer(d Decision, i int) int {
	w.fail(&Failure{Kind: KindChooser, Message: fmt.Sprintf("chooser %T returned %d for a %s decision among %d", w.chooser, i, d.Kind, d.N)}, w.cur)
	return 0
}

func (w *world) recoverChooser() {
	if p := recover(); p != nil {
		w.chooserPanic, w.chooserPanicked = p, true
		w.fail(&Failure{Kind: KindChooser, Message: fmt.Sprintf("chooser %T panicked: %v", w.chooser, p)}, w.cur)
	}
}
