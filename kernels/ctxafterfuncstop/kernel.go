// Package ctxafterfuncstop is a kernel of its own design (context): a lease
// is released either by context.AfterFunc when its context is canceled or
// by Close; Close calls the AfterFunc's stop but ignores its result, which
// is false when the callback has already been started, so a cancel racing
// Close releases the lease twice. The fix releases in Close only when stop
// reports that it prevented the callback.
package ctxafterfuncstop

import (
	"context"
	"sync"
)

// Lease is released exactly once.
type Lease struct {
	fixed    bool
	mu       sync.Mutex
	closed   bool
	stop     func() bool
	releases chan string
}

// Acquire returns a lease released when ctx is done or on Close.
func Acquire(ctx context.Context, fixed bool) *Lease {
	l := &Lease{fixed: fixed, releases: make(chan string, 2)}
	l.stop = context.AfterFunc(ctx, func() { l.releases <- "by context" })
	return l
}

// Close releases the lease unless the context already did; a second Close
// does nothing.
func (l *Lease) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	stopped := l.stop()
	if stopped || !l.fixed {
		l.releases <- "by Close"
	}
}

// Releases receives who released the lease, once per release.
func (l *Lease) Releases() <-chan string { return l.releases }
