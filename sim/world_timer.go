package sim

import (
	"context"
	"time"
)

// wtimer is a pending event on the virtual clock: a Timer's send, a
// Sleep's wake-up, or a context's deadline.
type wtimer struct {
	w    *world
	id   int
	when time.Duration // virtual time since Epoch
	idx  int           // index in the heap, -1 when not pending
	ch   *wchan[time.Time]
	g    *goroutine // a sleeper
	ctx  *wctx

	period time.Duration // a ticker's: it fires again period later
	fn     func()        // an AfterFunc's callback, run as a new goroutine
	fnAt   spawnStack    // where the AfterFunc was made
}

func (t *wtimer) fire() {
	w := t.w
	w.tr.add(Event{Step: w.step, Time: w.now, Op: OpTimerFire, Obj: t.id, Choice: -1})
	switch {
	case t.ch != nil:
		t.ch.deliver(Epoch.Add(w.now)) // a full channel keeps its older value, as in Go
	case t.g != nil:
		w.makeRunnable(t.g)
	case t.ctx != nil:
		t.ctx.cancelCause(context.DeadlineExceeded, t.ctx.deadlineCause)
	case t.fn != nil:
		w.spawn("time.AfterFunc", t.fn, t.fnAt)
	}
	if t.period > 0 {
		t.when += t.period
		w.arm(t)
	}
}

func (w *world) newTimer(d time.Duration) *wtimer {
	t := w.timerAfter(d)
	return &t
}

// timerAfter is a timer that fires d from now, not armed.
func (w *world) timerAfter(d time.Duration) wtimer {
	return wtimer{w: w, id: w.newObject(objTimer), idx: -1, when: w.now + max(d, 0)}
}

func (w *world) arm(t *wtimer) { w.timers.push(t) }

func (w *world) disarm(t *wtimer) bool {
	if t.idx < 0 {
		return false
	}
	w.timers.remove(t.idx)
	return true
}

// drain empties a timer's channel, so that no value from before a Stop or
// Reset is received after it (Go 1.23 semantics). It reports whether it
// dropped a value: a timer whose value nobody has received is still
// active, as Go's synchronous timer channels make it, so Stop and Reset
// report true for it.
func (t *wtimer) drain() bool {
	if t.ch == nil { // an AfterFunc's
		return false
	}
	dropped := t.ch.count > 0
	for t.ch.count > 0 {
		t.ch.pop()
	}
	return dropped
}

func (t *wtimer) stop() bool {
	t.w.point(OpTimerStop, t.id)
	active := t.w.disarm(t)
	return t.drain() || active
}

func (t *wtimer) reset(d time.Duration) bool {
	t.w.point(OpTimerReset, t.id)
	active := t.w.disarm(t)
	active = t.drain() || active
	t.when = t.w.now + max(d, 0)
	t.w.arm(t)
	return active
}

// timerHeap orders pending timers by when, then by creation (id): a
// binary heap written for *wtimer rather than through container/heap,
// whose interface calls for every comparison and swap were most of the
// heap's cost at every timer a world arms, stops or fires. The order is
// total, so the timers come out in the same order from any correct heap.
type timerHeap []*wtimer

func (h timerHeap) less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].id < h[j].id
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}

func (h timerHeap) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			return
		}
		h.swap(i, parent)
		i = parent
	}
}

// down sifts h[i] towards the leaves, and reports whether it moved.
func (h timerHeap) down(i int) bool {
	start := i
	for {
		child := 2*i + 1
		if child >= len(h) {
			break
		}
		if r := child + 1; r < len(h) && h.less(r, child) {
			child = r
		}
		if !h.less(child, i) {
			break
		}
		h.swap(i, child)
		i = child
	}
	return i > start
}

func (h *timerHeap) push(t *wtimer) {
	t.idx = len(*h)
	*h = append(*h, t)
	h.up(t.idx)
}

// remove takes out the timer at index i and returns it.
func (h *timerHeap) remove(i int) *wtimer {
	old := *h
	last := len(old) - 1
	if i != last {
		old.swap(i, last)
	}
	t := old[last]
	old[last] = nil
	*h = old[:last]
	if i != last && !h.down(i) {
		h.up(i)
	}
	t.idx = -1
	return t
}

func (h *timerHeap) popFire() {
	h.remove(0).fire()
}
