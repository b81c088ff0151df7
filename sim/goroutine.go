package sim

import (
	"fmt"
	"time"
)

// A world goroutine's life: spawned runnable, run as a coroutine by the
// scheduler, ended by returning, by runtime.Goexit, by a panic (a
// failure), or, once the world is over, by unwinding, which runs its
// deferred calls.

type gState uint8

const (
	gRunnable gState = iota
	gBlocked
	gDone
)

type goroutine struct {
	w  *world
	id int
	// What the scheduler reads of the goroutine it switches to, together:
	// with thousands runnable it has seldom touched that one lately, and
	// one cache line should be all it reads. resume is co.resume.
	depth  int // place on the resume chain (see schedule); 0 when suspended
	resume func() (bool, bool)

	name    string
	spawnAt spawnStack
	f       func()
	co      *coroutine // the coroutine that runs it (coroutine.go)
	host    host       // the native goroutine its coroutine runs on
	steps   int64      // scheduling points passed

	// The one-byte fields share a word: at 520 bytes the struct took a
	// 576-byte allocation, and a run starts dozens (issue 19).
	state    gState
	blockOp  Op // what it blocks on, for reports
	lastOp   Op // the kit operation it last reached, for a join check
	returned bool

	// What it blocks on, for reports.
	blockObjs []int
	blockAt   time.Duration

	waiters []waiter // reused for every wait
	// Room for the first waits, inline: a goroutine's waiters and blocked
	// objects grown on demand were a twentieth of a run's allocations
	// (issue 19). Most operations park on one object, a select on up to 4.
	waitersBuf [4]waiter
	objsBuf    [4]int
	wakeIdx    int    // the select case that fired
	wakePanic  string // panic to raise when woken (send on a closed channel)
	sleeper    *wtimer

	// owner is the innermost Group the goroutine belongs to (nil: none).
	// A goroutine inherits its spawner's owner; a Group member drops its
	// owner when its function returns (see Group.Joined).
	owner *scope
}

// unwindSignal is the panic value that unwinds a parked goroutine when the
// world is over.
type unwindSignal struct{}

// spawn creates a goroutine; it runs when the scheduler picks it.
func (w *world) spawn(name string, f func(), at spawnStack) *goroutine {
	g := &goroutine{w: w, id: len(w.gs) + 1, name: name, spawnAt: at, f: f}
	g.waiters, g.blockObjs = g.waitersBuf[:0], g.objsBuf[:0]
	w.coroutineFor(g)
	w.gs = append(w.gs, g)
	w.live++
	w.makeRunnable(g)
	return g
}

// body runs g's function on its coroutine.
func (g *goroutine) body() {
	markBody()
	w := g.w
	w.hostsMu.Lock()
	w.hosts[g.id] = g // described only if the watchdog reports it
	w.hostsMu.Unlock()
	defer g.unregister()
	defer g.exit()
	g.f()
	g.returned = true
}

// exit turns a panic of the goroutine into a failure, and ends it after
// a runtime.Goexit.
func (g *goroutine) exit() {
	r := recover()
	w := g.w
	if _, ok := r.(unwindSignal); ok || w.unwinding {
		return
	}
	if r == nil {
		if !g.returned {
			g.goexit()
		}
		return
	}
	if w.failure != nil {
		return
	}
	msg := fmt.Sprint(r)
	if e, ok := r.(error); ok {
		msg = e.Error()
	}
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpPanic, Choice: -1, Detail: msg})
	w.fail(&Failure{Kind: KindPanic, Message: msg, Value: r, Stack: panicStack()}, g)
}

// goexit ends g after runtime.Goexit, as Go does: the goroutine is over
// once its deferred calls have run, and this is the last of them. Its
// coroutine can neither run another goroutine nor finish now, since
// iter.Pull hands a Goexit on to whoever resumes or stops the coroutine,
// which would end that goroutine too. So it stays suspended here, its
// goroutine exited (by the resumer, as for a return), until the world is
// over: finishGoexits lets the Goexit finish on a goroutine of its own.
func (g *goroutine) goexit() {
	w, c := g.w, g.co
	w.goexited = append(w.goexited, c)
	if c.yield(true) {
		panic("sim: a goroutine that ended in runtime.Goexit was resumed")
	}
}

// finishGoexits ends the coroutines of goroutines that called
// runtime.Goexit: each is stopped from a native goroutine of its own, which
// the Goexit then ends as well, once the coroutine's has finished.
func (w *world) finishGoexits() {
	for _, c := range w.goexited {
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.stop()
		}()
		<-done
	}
	w.goexited = nil
}

func (w *world) exited(g *goroutine) {
	g.state = gDone
	w.live--
	w.removeRunnable(g)
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpExit, Choice: -1})
	if g.id == 1 {
		w.bodyDone, w.bodyDoneAt = true, w.now
	}
}

// unwind ends every goroutine still parked, in id order, so that their
// deferred calls run and the host process keeps none of them.
func (w *world) unwind() {
	w.unwinding = true
	for i := 0; i < len(w.gs); i++ { // unwinding may spawn more
		if g := w.gs[i]; g.state != gDone {
			w.cur = g
			g.co.stop()
			g.state = gDone
		}
	}
	w.cur = nil
	w.finishGoexits()
	w.releaseFree()
}

// plainError is a runtime-style panic value, so that a world's panics read
// like Go's own ("send on closed channel").
type plainError string

func (e plainError) Error() string { return string(e) }
