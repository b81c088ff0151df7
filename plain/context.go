package plain

import (
	"context"
	"time"
)

// WithCancel is context.WithCancel(parent).
func WithCancel(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}

// WithCancelCause is context.WithCancelCause(parent).
func WithCancelCause(parent context.Context) (context.Context, context.CancelCauseFunc) {
	return context.WithCancelCause(parent)
}

// WithTimeout is context.WithTimeout(parent, d).
func WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}

// WithTimeoutCause is context.WithTimeoutCause(parent, d, cause).
func WithTimeoutCause(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(parent, d, cause)
}

// WithDeadline is context.WithDeadline(parent, d).
func WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(parent, d)
}

// WithDeadlineCause is context.WithDeadlineCause(parent, d, cause).
func WithDeadlineCause(parent context.Context, d time.Time, cause error) (context.Context, context.CancelFunc) {
	return context.WithDeadlineCause(parent, d, cause)
}

// ContextAfterFunc is context.AfterFunc(ctx, f).
func ContextAfterFunc(ctx context.Context, f func()) (stop func() bool) {
	return context.AfterFunc(ctx, f)
}

// Cause is context.Cause(c).
func Cause(c context.Context) error { return context.Cause(c) }
