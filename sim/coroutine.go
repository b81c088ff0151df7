package sim

import "iter"

// A coroutine is the native half of a world goroutine: an iter.Pull
// coroutine that runs one goroutine's function after another. Starting a
// coroutine costs microseconds (a new native goroutine, whose stack then
// grows by copying as the function calls deeper; issue 19 measured about
// 5 µs a goroutine). So a coroutine whose goroutine returned goes on the
// world's free list, parked, and runs the next goroutine the world spawns;
// its stack is already grown. When the world ends, unwind stops every
// coroutine, parked or free, so the host process keeps none.
type coroutine struct {
	resume func() (bool, bool) // true: its goroutine ended
	stop   func()
	yield  func(bool) bool
	host   host       // the native goroutine it runs on
	g      *goroutine // the goroutine it runs now; nil when free
}

// coroutineFor gives g a coroutine: a free one, or a new one.
func (w *world) coroutineFor(g *goroutine) {
	if n := len(w.free); n > 0 {
		c := w.free[n-1]
		w.free[n-1] = nil
		w.free = w.free[:n-1]
		c.g, g.co, g.resume = g, c, c.resume
		return
	}
	c := &coroutine{g: g}
	g.co = c
	c.resume, c.stop = iter.Pull(func(yield func(bool) bool) { w.runCoroutine(c, yield) })
	g.resume = c.resume
}

// runCoroutine is a coroutine's life: it runs goroutines until the world
// stops it. A goroutine that ends in a Goexit takes its coroutine with it
// (Goexit cannot be stopped); one that panics has been recovered by
// goroutine.exit, and its coroutine is reused.
func (w *world) runCoroutine(c *coroutine, yield func(bool) bool) {
	c.yield = yield
	c.host = hostOf()
	c.register()
	defer c.unregister()
	for {
		c.g.host = c.host
		c.g.body()
		if w.unwinding {
			return
		}
		c.g = nil
		w.free = append(w.free, c)
		if !yield(true) { // whoever resumed it marks the goroutine exited
			return
		}
	}
}

// stopFree ends the coroutines on the free list.
func (w *world) stopFree() {
	for _, c := range w.free {
		c.stop()
	}
	w.free = nil
}
