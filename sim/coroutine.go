package sim

import "iter"

// A coroutine is the native half of a world goroutine: an iter.Pull
// coroutine that runs one goroutine's function after another. Starting a
// coroutine costs microseconds (a new native goroutine, whose stack then
// grows by copying as the function calls deeper; issue 19 measured about
// 5 µs a goroutine). So a coroutine whose goroutine returned goes on the
// world's free list, parked, and runs the next goroutine the world spawns;
// its stack is already grown. When the world ends, unwind stops every
// coroutine still running a goroutine; the free ones go to the world's
// CoroutinePool if it has one (Options.Coroutines), and are stopped
// otherwise, so that without a pool the host process keeps none.
type coroutine struct {
	resume func() (bool, bool) // true: its goroutine ended
	stop   func()
	yield  func(bool) bool
	host   host       // the native goroutine it runs on
	g      *goroutine // the goroutine it runs now; nil when free
}

// coroutineFor gives g a coroutine: a free one of the world's, one of its
// pool's, or a new one.
func (w *world) coroutineFor(g *goroutine) {
	c := w.takeFree()
	if c == nil {
		c = &coroutine{}
		c.resume, c.stop = iter.Pull(func(yield func(bool) bool) { runCoroutine(c, yield) })
	}
	c.g, g.co, g.resume = g, c, c.resume
}

func (w *world) takeFree() *coroutine {
	if n := len(w.free); n > 0 {
		c := w.free[n-1]
		w.free[n-1] = nil
		w.free = w.free[:n-1]
		return c
	}
	if c := w.opts.Coroutines.take(); c != nil {
		w.fromPool++
		return c
	}
	return nil
}

// runCoroutine is a coroutine's life: it runs goroutines, of one world or
// of the worlds of its pool one after another, until it is stopped. A
// goroutine that ends in a Goexit takes its coroutine with it (Goexit
// cannot be stopped: see goroutine.goexit); one that panics has been
// recovered by goroutine.exit, and its coroutine is reused.
func runCoroutine(c *coroutine, yield func(bool) bool) {
	c.yield = yield
	c.host = hostOf()
	c.register()
	defer c.unregister()
	for {
		w := c.g.w
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

// releaseFree hands the coroutines on the free list to the world's pool,
// or stops them when it has none (or the pool is full or closed).
func (w *world) releaseFree() {
	for _, c := range w.free {
		if !w.opts.Coroutines.put(c) {
			c.stop()
		}
	}
	w.free = nil
}
