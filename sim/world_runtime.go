package sim

import (
	"context"
	"time"
)

// The world's side of the Runtime interface.

// Not inlined: its spawn site is read from its own frame (callerStack).
//
//go:noinline
func (w *world) Go(name string, f func()) {
	pcs := callerStack(getfp())
	w.goFrom(name, f, pcs, nil)
}

func (w *world) Yield() { w.point(OpYield, 0) }

func (w *world) Now() time.Time {
	w.point(OpNow, 0)
	now := w.now
	w.now += w.opts.NowTick
	return Epoch.Add(now)
}

func (w *world) Sleep(d time.Duration) {
	g := w.point(OpSleep, 0)
	if d <= 0 {
		return
	}
	if g.sleeper == nil {
		g.sleeper = w.newTimer(0)
		g.sleeper.g = g
	}
	g.sleeper.when = w.now + d
	w.arm(g.sleeper)
	w.park(g, OpSleep, g.sleeper.id)
}

// NewTimer makes the handle, the timer and its channel in one allocation:
// they were three, 3% of a run's (issue 19). The ids are drawn in the
// order they always were, the timer's before its point, the channel's
// after.
func (w *world) NewTimer(d time.Duration) *Timer {
	p := &struct {
		h  Timer
		t  wtimer
		ch wchan[time.Time]
	}{t: w.timerAfter(d)}
	w.timersMade++
	t := &p.t
	w.point(OpTimerNew, t.id)
	p.ch = makeWChan[time.Time](w, 1)
	p.ch.timer = true
	t.ch = &p.ch
	w.arm(t)
	p.h = Timer{C: Chan[time.Time]{w: t.ch}, w: t}
	return &p.h
}

func (w *world) After(d time.Duration) Chan[time.Time] { return w.NewTimer(d).C }

// The sync objects are made in one allocation each, handle and world
// half together: two a mutex was a twentieth of a run's allocations
// (issue 19).

func (w *world) NewMutex() *Mutex {
	p := &struct {
		h Mutex
		m wmutex
	}{m: wmutex{w: w, id: w.newObject(objMutex)}}
	p.h.w = &p.m
	return &p.h
}

func (w *world) NewRWMutex() *RWMutex {
	p := &struct {
		h RWMutex
		m wrwmutex
	}{m: wrwmutex{w: w, id: w.newObject(objMutex)}}
	p.h.w = &p.m
	return &p.h
}

func (w *world) NewWaitGroup() *WaitGroup {
	p := &struct {
		h WaitGroup
		g wwaitgroup
	}{g: wwaitgroup{w: w, id: w.newObject(objWaitGroup)}}
	p.h.rt, p.h.w = w, &p.g
	return &p.h
}

func (w *world) NewOnce() *Once {
	p := &struct {
		h Once
		o wonce
	}{o: wonce{w: w, id: w.newObject(objOnce)}}
	p.h.w = &p.o
	return &p.h
}

func (w *world) WithCancel(parent context.Context) (context.Context, context.CancelFunc) {
	return w.newContext(parent, time.Time{}, false)
}

func (w *world) WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	return w.newContext(parent, d, true)
}

func (w *world) WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return w.newContext(parent, Epoch.Add(w.now+d), true)
}

func (w *world) Choose(label string, n int) int {
	if n < 1 {
		panic("sim: Choose(" + label + "): n must be at least 1")
	}
	g := w.point(OpChoose, 0)
	if n == 1 || w.unwinding {
		return 0
	}
	i := w.choose(Decision{Kind: DrawDecision, N: n, Label: label, Current: g.id, Local: g.steps, Step: w.step})
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpDraw, Choice: i, N: n, Detail: label})
	return i
}

func (w *world) Trace(obj int, detail string) {
	g := w.cur
	if g == nil {
		panic("sim: Trace outside a running world")
	}
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpNote, Obj: obj, Choice: -1, Detail: detail})
}
