package plain

import (
	"context"
	"time"

	"github.com/execsim/execsim/sim"
)

// In a world, contexts are the world's: cancellation and deadlines on its
// clock, and ctx.Done() received through Recv or Select parks in the
// world (sim.AdoptChan knows a world context's done channel). The parent
// must be context.Background or TODO, a world context, or a value context
// over one; a parent some other code can cancel is refused with a panic
// that says so.

// WithCancel is context.WithCancel(parent).
func WithCancel(parent context.Context) (context.Context, context.CancelFunc) {
	if rt := sim.Current(); rt != nil {
		return rt.WithCancel(parent)
	}
	return context.WithCancel(parent)
}

// WithCancelCause is context.WithCancelCause(parent).
func WithCancelCause(parent context.Context) (context.Context, context.CancelCauseFunc) {
	if rt := sim.Current(); rt != nil {
		return sim.WithCancelCause(rt, parent)
	}
	return context.WithCancelCause(parent)
}

// WithTimeout is context.WithTimeout(parent, d).
func WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if rt := sim.Current(); rt != nil {
		return rt.WithTimeout(parent, d)
	}
	return context.WithTimeout(parent, d)
}

// WithTimeoutCause is context.WithTimeoutCause(parent, d, cause).
func WithTimeoutCause(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
	if rt := sim.Current(); rt != nil {
		return sim.WithDeadlineCause(rt, parent, rt.Now().Add(d), cause)
	}
	return context.WithTimeoutCause(parent, d, cause)
}

// WithDeadline is context.WithDeadline(parent, d).
func WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	if rt := sim.Current(); rt != nil {
		return rt.WithDeadline(parent, d)
	}
	return context.WithDeadline(parent, d)
}

// WithDeadlineCause is context.WithDeadlineCause(parent, d, cause).
func WithDeadlineCause(parent context.Context, d time.Time, cause error) (context.Context, context.CancelFunc) {
	if rt := sim.Current(); rt != nil {
		return sim.WithDeadlineCause(rt, parent, d, cause)
	}
	return context.WithDeadlineCause(parent, d, cause)
}

// ContextAfterFunc is context.AfterFunc(ctx, f); in a world f runs as a
// new world goroutine once ctx is done.
func ContextAfterFunc(ctx context.Context, f func()) (stop func() bool) {
	if rt := sim.Current(); rt != nil {
		return sim.ContextAfterFunc(rt, ctx, f)
	}
	return context.AfterFunc(ctx, f)
}

// Cause is context.Cause(c).
func Cause(c context.Context) error {
	if sim.Current() != nil {
		return sim.Cause(c)
	}
	return context.Cause(c)
}
