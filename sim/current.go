package sim

import (
	"sync"
	"sync/atomic"
)

// Finding the world from code that carries no Runtime: rewritten plain Go
// (package plain) calls Current at each operation. Many worlds may run in
// one process (simtest's parallel subtests, simrun's workers), each on its
// own goroutines, so the answer is per native goroutine: every world
// goroutine registers the identity of the native goroutine its coroutine
// runs on while it lives.

// worldsLive counts worlds that are running, so that Current costs one
// atomic load in a process where none is.
var worldsLive atomic.Int32

// registry maps a native goroutine (gptr) to the world coroutine on it,
// which names the world goroutine it runs now.
var registry sync.Map // uintptr → *coroutine

// Current returns the Runtime of the world whose goroutine calls it, or
// nil when the caller is not a world goroutine (no world runs, or the
// caller was started by a go statement, or it is a world's host). A world
// goroutine being unwound (the world is over; its deferred calls run)
// still finds its world.
func Current() Runtime {
	if g := current(); g != nil {
		return g.w
	}
	return nil
}

// current is Current's world goroutine.
func current() *goroutine {
	if worldsLive.Load() == 0 {
		return nil
	}
	v, ok := registry.Load(hostKey())
	if !ok {
		return nil
	}
	g := v.(*coroutine).g
	if g == nil || g.state == gDone {
		return nil
	}
	// An unwinding goroutine still belongs to its world: its deferred
	// calls (a rewritten `defer mu.Unlock()`) must reach the world's state,
	// where every operation is a no-op or unwinds further, not the native
	// value, whose Unlock would be a fatal error.
	return g
}

// register binds the calling native goroutine to c until it ends.
func (c *coroutine) register() { registry.Store(c.host.key(), c) }

func (c *coroutine) unregister() { registry.CompareAndDelete(c.host.key(), c) }

// unregister drops g from its world's watchdog map when it ends.
func (g *goroutine) unregister() {
	w := g.w
	w.hostsMu.Lock()
	delete(w.hosts, g.id)
	w.hostsMu.Unlock()
}
