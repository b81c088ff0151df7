package sim

import (
	"context"
	"time"
)

// The context package's cause functions and AfterFunc on a Runtime's
// clock. They are functions rather than Runtime methods because package
// plain needs them and kit code has not: the Runtime interface stays the
// small door it is. On the real kit each is its context namesake.

// WithCancelCause is context.WithCancelCause on rt.
func WithCancelCause(rt Runtime, parent context.Context) (context.Context, context.CancelCauseFunc) {
	w, ok := rt.kit().(*world)
	if !ok {
		return context.WithCancelCause(parent)
	}
	c := w.newContextCause(parent, time.Time{}, false, nil)
	return c, c.cancelFunc
}

// WithDeadlineCause is context.WithDeadlineCause on rt: when the deadline
// passes, the context's Err is DeadlineExceeded and its Cause is cause.
func WithDeadlineCause(rt Runtime, parent context.Context, d time.Time, cause error) (context.Context, context.CancelFunc) {
	w, ok := rt.kit().(*world)
	if !ok {
		return context.WithDeadlineCause(parent, d, cause)
	}
	c := w.newContextCause(parent, d, true, cause)
	return c, func() { c.cancelFunc(nil) }
}

// Cause is context.Cause for contexts of any runtime: for a world
// context (or a value context over one), the cause it was cancelled with.
func Cause(ctx context.Context) error {
	if c, ok := ctx.Value(wctxKey{}).(*wctx); ok && (ctx == context.Context(c) || ctx.Done() == c.Done()) {
		if c.err == nil {
			return nil
		}
		return c.cause
	}
	return context.Cause(ctx)
}

// ContextAfterFunc is context.AfterFunc on rt: once ctx is done, f runs in
// a new goroutine, in a world a world goroutine named "context.AfterFunc"
// whose spawn site is the caller's. stop reports whether it stopped f
// from being run. A context that is not the world's is the context
// package's business.
//
// Not inlined: its spawn site is read from its own frame (callerStack).
//
//go:noinline
func ContextAfterFunc(rt Runtime, ctx context.Context, f func()) (stop func() bool) {
	w, ok := rt.kit().(*world)
	if !ok || ctx.Done() == nil {
		return context.AfterFunc(ctx, f)
	}
	c := w.worldContext(ctx, "ContextAfterFunc")
	at := callerStack(getfp())
	started := false
	stopped := false
	run := func() {
		if stopped || started {
			return
		}
		started = true
		g := w.spawn("context.AfterFunc", f, at)
		if w.cur != nil {
			g.owner = w.cur.owner
		}
	}
	cstop := c.AfterFunc(run)
	return func() bool {
		if started || stopped {
			return false
		}
		stopped = true
		cstop()
		return true
	}
}
