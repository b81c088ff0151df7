package sim

import (
	"context"
	"time"
)

// wctx is a context.Context whose cancellation and deadline live in the
// world: a deadline is a virtual-time timer, and a Select waiting on Done
// is parked on the context's queue like on a channel.
type wctx struct {
	w           *world
	id          int
	parent      context.Context
	pw          *wctx // the world parent that cancels it, if any
	deadline    time.Time
	hasDeadline bool
	err         error
	cause       error            // context.Cause's answer once err is set
	done        chan struct{}    // native, made on demand for callers of Done
	doneW       *wchan[struct{}] // done as a world channel (AdoptChan), on demand
	children    []*wctx
	afterFuncs  []*afterFunc
	waiters     waitq
	timer       *wtimer // its deadline's, armed until it passes or c is cancelled
	// deadlineCause is the cause a passed deadline gives (WithDeadlineCause).
	deadlineCause error
}

// deadlineCtx is a context with a deadline and its timer, made as one.
type deadlineCtx struct {
	ctx   wctx
	timer wtimer
}

type wctxKey struct{}

type afterFunc struct{ f func() }

func (c *wctx) Deadline() (time.Time, bool) { return c.deadline, c.hasDeadline }

// Done returns a native channel that is closed on cancellation. Receiving
// from it would block outside the kit: wait with DoneCase in Select. A
// non-blocking check (a select with a default) is fine.
func (c *wctx) Done() <-chan struct{} {
	if !c.w.ended.Load() {
		if g := current(); g == nil || g.w != c.w {
			// A goroutine the world did not start waits on the world's
			// context (an untouched package's, given it by world code).
			c.w.intrude("Done of a world context", 2)
		}
	}
	if c.done == nil {
		c.done = make(chan struct{})
		if c.err != nil {
			close(c.done)
		}
		if c.w.ctxDone == nil {
			c.w.ctxDone = map[chan struct{}]*wctx{}
		}
		c.w.ctxDone[c.done] = c // so that AdoptChan finds the context
	}
	return c.done
}

// doneChan is the world channel that receiving from Done in a world
// (package plain) waits on: closed, in the world, by the cancellation.
func (c *wctx) doneChan() *wchan[struct{}] {
	if c.doneW == nil {
		c.doneW = newWChan[struct{}](c.w, 0)
		c.doneW.closed = c.err != nil
	}
	return c.doneW
}

func (c *wctx) Err() error { return c.err }

func (c *wctx) Value(key any) any {
	if key == (wctxKey{}) {
		return c
	}
	return c.parent.Value(key)
}

// AfterFunc lets context.WithCancel and friends of the standard library
// propagate this context's cancellation synchronously, inside the world,
// instead of from a goroutine of their own.
func (c *wctx) AfterFunc(f func()) func() bool {
	af := &afterFunc{f: f}
	if c.err != nil {
		f()
		return func() bool { return false }
	}
	c.afterFuncs = append(c.afterFuncs, af)
	return func() bool {
		for i, x := range c.afterFuncs {
			if x == af {
				c.afterFuncs = append(c.afterFuncs[:i], c.afterFuncs[i+1:]...)
				return true
			}
		}
		return false
	}
}

// cancelCause cancels c with err; cause (err when nil) is what Cause
// reports, and what c's children inherit.
func (c *wctx) cancelCause(err, cause error) {
	if c.err != nil {
		return
	}
	if cause == nil {
		cause = err
	}
	c.err, c.cause = err, cause
	if c.done != nil {
		close(c.done)
	}
	if c.doneW != nil {
		c.doneW.shut()
	}
	if c.timer != nil {
		c.w.disarm(c.timer)
	}
	for wt := c.waiters.pop(); wt != nil; wt = c.waiters.pop() {
		c.w.wake(wt)
	}
	children := c.children
	c.children = nil
	for _, ch := range children {
		ch.cancelCause(err, cause)
	}
	afs := c.afterFuncs
	c.afterFuncs = nil
	for _, af := range afs {
		af.f()
	}
	if p := c.pw; p != nil {
		for i, x := range p.children {
			if x == c {
				p.children = append(p.children[:i], p.children[i+1:]...)
				break
			}
		}
	}
}

// The wcase side of DoneCase.
func (c *wctx) ready() bool                   { return c.err != nil }
func (c *wctx) commit(recvDst)                {}
func (c *wctx) enqueue(wt *waiter, _ recvDst) { c.waiters.push(wt) }
func (c *wctx) objID() int                    { return c.id }

// worldContext finds the world context that decides when ctx is done, or
// nil when ctx is never done. A context that can be cancelled by anything
// else would be cancelled behind the world's back: it is refused.
func (w *world) worldContext(ctx context.Context, op string) *wctx {
	if c, ok := ctx.(*wctx); ok {
		return c
	}
	if ctx.Done() == nil {
		return nil
	}
	if c, ok := ctx.Value(wctxKey{}).(*wctx); ok && c.Done() == ctx.Done() {
		return c
	}
	panic("sim: " + op + ": the context is cancellable but was not made by this world; derive it with Runtime.WithCancel, WithDeadline or WithTimeout, not the context package")
}

func (w *world) newContext(parent context.Context, deadline time.Time, hasDeadline bool) (context.Context, context.CancelFunc) {
	c := w.newContextCause(parent, deadline, hasDeadline, nil)
	return c, func() { c.cancelFunc(nil) }
}

// newContextCause makes a world context; cause is what its deadline, if it
// passes, gives Cause (nil: DeadlineExceeded).
func (w *world) newContextCause(parent context.Context, deadline time.Time, hasDeadline bool, cause error) *wctx {
	if parent == nil {
		panic("sim: cannot create a context from a nil parent")
	}
	if pd, ok := parent.Deadline(); ok && (!hasDeadline || pd.Before(deadline)) {
		deadline, hasDeadline = pd, true
		cause = nil // the parent's deadline is the one that passes
	}
	var c *wctx
	if hasDeadline {
		// The timer comes in the same allocation: a context with a
		// deadline was two, for the ~100 WithTimeout calls of a run.
		d := &deadlineCtx{timer: wtimer{idx: -1}} // not pending until armed below
		c, d.ctx.timer = &d.ctx, &d.timer
	} else {
		c = &wctx{}
	}
	c.w, c.id, c.parent, c.deadlineCause = w, w.newObject(objContext), parent, cause
	c.deadline, c.hasDeadline = deadline, hasDeadline
	var perr, pcause error
	if p := w.parentContext(parent); p != nil {
		c.pw = p
		perr, pcause = p.err, p.cause
	} else if parent.Done() != nil {
		perr = parent.Err() // a foreign parent that is already done
		if perr == nil {
			// Cancellable by code the world does not run (t.Context(), an
			// untouched package's context): its cancellation is a
			// completion from outside, seen when the world polls.
			w.foreign = append(w.foreign, &foreignParent{c: c, parent: parent})
		} else {
			pcause = context.Cause(parent)
		}
	}
	switch {
	case perr != nil:
		c.cancelCause(perr, pcause)
	case hasDeadline && !deadline.After(Epoch.Add(w.now)):
		c.cancelCause(context.DeadlineExceeded, c.deadlineCause)
	default:
		if c.pw != nil {
			c.pw.children = append(c.pw.children, c)
		}
		if hasDeadline {
			*c.timer = w.timerAfter(deadline.Sub(Epoch.Add(w.now)))
			c.timer.ctx = c
			w.arm(c.timer)
		}
	}
	return c
}

// cancelFunc is the context's CancelFunc (cause nil) or CancelCauseFunc.
func (c *wctx) cancelFunc(cause error) {
	if c.w.cur != nil {
		c.w.point(OpCancel, c.id)
	}
	c.cancelCause(context.Canceled, cause)
}

func (w *world) parentContext(parent context.Context) *wctx {
	if p, ok := parent.(*wctx); ok {
		return p
	}
	if parent.Done() == nil {
		return nil
	}
	if p, ok := parent.Value(wctxKey{}).(*wctx); ok && p.Done() == parent.Done() {
		return p
	}
	return nil
}

// foreignParent watches a cancellable parent the world did not make, for
// the world context derived from it: the world polls it at quiescence,
// like an adopted channel (foreign.go), and cancels the child, with the
// parent's error and cause, once the parent is done.
type foreignParent struct {
	c      *wctx
	parent context.Context
}

func (f *foreignParent) own() bool { return false }

// waiting: a world goroutine waits on the child or on a context below it.
func (f *foreignParent) waiting() bool { return f.c.err == nil && f.c.waitedOn() }

func (f *foreignParent) poll() bool {
	if f.c.err != nil {
		return false
	}
	select {
	case <-f.parent.Done():
		f.c.w.note(f.c.id, "parent context done outside the world")
		f.c.cancelCause(f.parent.Err(), context.Cause(f.parent))
		return true
	default:
		return false
	}
}

// waitedOn reports whether a world goroutine waits on c (a select on its
// DoneCase, a receive from its Done) or on a context derived from it.
func (c *wctx) waitedOn() bool {
	if !c.waiters.empty() || c.doneW != nil && !c.doneW.recvq.empty() {
		return true
	}
	for _, ch := range c.children {
		if ch.waitedOn() {
			return true
		}
	}
	return false
}
