// Package grpc3090 re-expresses GoKer's grpc#3090 (non-blocking, data
// race): building a resolver calls back into the wrapper (UpdateState),
// which starts a goroutine that locks the wrapper and calls
// wrapper.resolver.ResolveNow; but wrapper.resolver is assigned only when
// Build returns. If the goroutine gets the lock between the callback's
// unlock and that assignment, it calls a method on a nil interface and
// panics. The fix assigns the resolver under the lock before the first
// update can start the goroutine.
package grpc3090

import "sync"

// Resolver resolves names.
type Resolver interface{ ResolveNow() }

type dnsResolver struct {
	cc      *Wrapper
	started chan struct{}
}

func (r *dnsResolver) ResolveNow() {}

// build makes the resolver; the buggy form lets it report its first state
// before returning, as grpc's resolver did. Closing started (the resolver
// announcing that it runs) is an operation between that report and the
// caller's assignment, where a world can switch goroutines, as a real
// scheduler can anywhere.
func build(ccr *Wrapper, updateNow bool) Resolver {
	r := &dnsResolver{cc: ccr, started: make(chan struct{})}
	if updateNow {
		ccr.UpdateState()
	}
	close(r.started)
	return r
}

// Wrapper is the client's resolver wrapper.
type Wrapper struct {
	mu       sync.Mutex
	resolver Resolver
	polled   chan struct{}
}

// UpdateState receives the resolver's state and polls it again.
func (ccr *Wrapper) UpdateState() {
	ccr.mu.Lock()
	defer ccr.mu.Unlock()
	go func() {
		defer close(ccr.polled)
		ccr.mu.Lock()
		defer ccr.mu.Unlock()
		ccr.resolver.ResolveNow()
	}()
}

// Dial builds the wrapper; Polled is closed once the poll has run.
func Dial(fixed bool) *Wrapper {
	ccr := &Wrapper{polled: make(chan struct{})}
	if !fixed {
		ccr.resolver = build(ccr, true)
		return ccr
	}
	r := build(ccr, false)
	ccr.mu.Lock()
	ccr.resolver = r
	ccr.mu.Unlock()
	ccr.UpdateState()
	return ccr
}

// Polled is closed when the poll goroutine has returned.
func (ccr *Wrapper) Polled() <-chan struct{} { return ccr.polled }
