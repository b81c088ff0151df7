package sim

import (
	"container/heap"
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
	return &wtimer{w: w, id: w.newObject(objTimer), idx: -1, when: w.now + max(d, 0)}
}

func (w *world) arm(t *wtimer) { heap.Push(&w.timers, t) }

func (w *world) disarm(t *wtimer) bool {
	if t.idx < 0 {
		return false
	}
	heap.Remove(&w.timers, t.idx)
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

// timerHeap orders pending timers by when, then by creation (id).
type timerHeap []*wtimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].id < h[j].id
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*wtimer)
	t.idx = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.idx = -1
	return t
}

func (h *timerHeap) popFire(w *world) {
	t := heap.Pop(h).(*wtimer)
	t.fire()
}
