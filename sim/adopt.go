package sim

import (
	"fmt"
	"runtime"
	"sync"
)

// Adoption: how a world keeps state for native values it did not make.
//
// Rewritten plain Go (package plain) keeps every type as it is: a `chan T`
// stays a native channel, a sync.Mutex a sync.Mutex. In a world such a
// value is only an identity. The world keeps its own state for it, keyed
// by the value (a channel, or the address of a mutex), made the first time
// a world goroutine operates on it and dropped when the world ends. Two
// functions are the whole surface: AdoptChan, which needs the world's
// channel internals (the native channel's buffered values and closed flag
// move into the world, and a close in the world closes the native one
// too), and Local, a world-scoped value of the caller's choosing, on which
// package plain builds everything else out of Runtime constructors.

// adopters maps every key some running world has adopted to that world,
// so that a plain call from a goroutine no world started, on a value a
// world adopted, fails that world instead of corrupting it (CurrentFor).
var adopters sync.Map // key → *world

// adopt records key as w's. A key another running world holds already (a
// package-level channel or mutex of a test whose seeds run in parallel
// worlds) keeps its first holder for CurrentFor; each world still has its
// own state for it, but whatever else the value guards is shared between
// worlds, which no seed fixes: the trace records that as a determinism
// hazard.
func (w *world) adopt(key any, what string) {
	if o, loaded := adopters.LoadOrStore(key, w); loaded {
		if o.(*world) != w {
			w.note(0, fmt.Sprintf("determinism hazard: a %s in use by another running world", what))
		}
		return
	}
	w.adoptedKeys = append(w.adoptedKeys, key)
}

// dropAdopted forgets the world's keys once it is over.
func (w *world) dropAdopted() {
	for _, k := range w.adoptedKeys {
		adopters.CompareAndDelete(k, w)
	}
	w.adoptedKeys = nil
}

func worldOf(rt Runtime, op string) *world {
	if rt != nil {
		if w, ok := rt.kit().(*world); ok {
			return w
		}
	}
	panic("sim: " + op + " needs the Runtime of a world")
}

// Local returns the value the world of rt keeps for key, made by mk the
// first time key is asked for in this world and dropped when the world
// ends. key must be comparable; package plain uses the address of a
// native value (a *sync.Mutex, a *time.Timer) so that the world's state
// for it is found from the value alone. mk runs in the calling world
// goroutine and must not ask Local for the same key.
func Local[V any](rt Runtime, key any, mk func() V) V {
	w := worldOf(rt, "Local")
	if v, ok := w.locals[key]; ok {
		return v.(V)
	}
	v := mk()
	if w.locals == nil {
		w.locals = map[any]any{}
	}
	w.locals[key] = v
	w.adopt(key, fmt.Sprintf("%T", key))
	return v
}

// AdoptChan returns the world's channel for the native channel ch: on
// first use in rt's world, a world channel of ch's capacity holding what
// ch holds then (its buffered values, in order, and its closed flag).
// From then on the world's channel is the state: operations through the
// returned Chan are scheduled by the world, and closing it also closes ch,
// so that code outside the world waiting on ch natively sees the close.
// What code outside the world (an untouched package, the standard
// library) sends on ch or closes natively later is seen at quiescence:
// before it moves the clock or declares a deadlock, the world polls the
// adopted channels that world goroutines wait on. The done channel of a
// world context adopts as a channel that the context's cancellation
// closes. A nil ch gives the zero Chan, whose cases never proceed.
func AdoptChan[T any](rt Runtime, ch chan T) Chan[T] {
	w := worldOf(rt, "AdoptChan")
	if ch == nil {
		return Chan[T]{}
	}
	return Chan[T]{w: adoptWChan(w, ch)}
}

// MadeChan tells rt's world that ch was just made by one of its goroutines
// (a make in rewritten code: plain.Made), and adopts it. The world polls it
// at quiescence like any adopted channel, but does not wait for code
// outside the world to complete an operation on it before it reports a
// deadlock or leak.
func MadeChan[T any](rt Runtime, ch chan T) {
	w := worldOf(rt, "MadeChan")
	if ch == nil {
		return
	}
	if c := adoptWChan(w, ch); w.objects[c.id-1] == objForeignChan {
		w.objects[c.id-1] = objMadeChan
	}
}

func adoptWChan[T any](w *world, ch chan T) *wchan[T] {
	if v, ok := w.locals[ch]; ok {
		return v.(*wchan[T])
	}
	var c *wchan[T]
	if done, ok := any(ch).(chan struct{}); ok {
		if x := w.ctxDone[done]; x != nil {
			c = any(x.doneChan()).(*wchan[T])
		}
	}
	if c == nil {
		c = newWChan[T](w, cap(ch))
		c.adopt = &adopted[T]{native: ch}
		w.objects[c.id-1] = objForeignChan
		c.drainNative()
		w.foreign = append(w.foreign, c)
	}
	if w.locals == nil {
		w.locals = map[any]any{}
	}
	w.locals[ch] = c
	w.adopt(ch, "channel")
	return c
}

// CurrentFor is [Current] for an operation on key (what names it, as
// "plain.Send"): the Runtime of the world whose goroutine calls it, or nil.
// A caller that no world started, operating on a key that a running world
// has adopted (a goroutine of an untouched package calling back into
// rewritten code with a world's channel), would change the world's state
// behind its scheduler: that world fails ([KindUnreachable]) at its next
// scheduling point, with a message naming what and the caller's line, and
// CurrentFor returns nil so that the caller goes on natively. With no
// world running it costs one atomic load.
func CurrentFor(key any, what string) Runtime {
	if worldsLive.Load() == 0 { // inlined: the production path
		return nil
	}
	return currentFor(key, what)
}

func currentFor(key any, what string) Runtime {
	if g := current(); g != nil {
		return g.w
	}
	if v, ok := adopters.Load(key); ok {
		v.(*world).intrude(what, 4)
	}
	return nil
}

// intrude records that a goroutine the world did not start acted on its
// state (what, called at the caller skip frames up): the world fails at
// its next scheduling point, or the watchdog says so if the world is
// blocked outside the kit meanwhile.
func (w *world) intrude(what string, skip int) {
	at := "?"
	if _, file, line, ok := runtime.Caller(skip); ok {
		at = fmt.Sprintf("%s:%d", file, line)
	}
	w.intrusion.CompareAndSwap(nil, &Failure{Kind: KindUnreachable, Message: fmt.Sprintf("%s at %s: called from a goroutine the world did not start, on a value the world holds; start goroutines with a go statement in rewritten code (or Runtime.Go), and rewrite the package that started this one (execsim test -rewrite pattern)", what, at)})
}

// checkIntrusion turns an intrusion recorded by CurrentFor into the run's
// failure; it runs on the world's side, at scheduling points and in idle.
func (w *world) checkIntrusion() bool {
	f := w.intrusion.Load()
	if f == nil {
		return false
	}
	// The goroutine at fault is not the world's: the report names the one
	// that was running when the world noticed (at quiescence none was: it
	// lists the blocked ones), and the message the call.
	w.fail(&Failure{Kind: f.Kind, Message: f.Message}, w.cur)
	return true
}

// NumGoroutine is the number of goroutines of rt's world that have not
// ended (runtime.NumGoroutine, for the world).
func NumGoroutine(rt Runtime) int { return worldOf(rt, "NumGoroutine").live }

// Ending reports whether rt's world has ended with a failure and is
// unwinding its goroutines: code that runs now (a deferred call, a
// recover that caught the unwinding) runs because the world is stopping
// it, not as the program would have gone on. A test harness sets aside
// what such code reports, so that it does not hide the failure that ended
// the run (a worker that recovers every panic and reports it as an error
// would report the unwinding). False on the real kit.
func Ending(rt Runtime) bool {
	if rt == nil {
		return false
	}
	w, ok := rt.kit().(*world)
	return ok && w.unwinding
}

// Made is how many goroutines (its main goroutine included) and timers
// (NewTimer, AfterFunc, TimerOn; not a Sleep's) rt's world has made so
// far; 0 on the real kit. They die with the world, so code that caches
// what a call made (a sync.Once whose action started a worker or a
// ticker) can tell whether the call left something the next world lacks.
func Made(rt Runtime) int {
	if rt == nil {
		return 0
	}
	if w, ok := rt.kit().(*world); ok {
		return len(w.gs) + w.timersMade
	}
	return 0
}
