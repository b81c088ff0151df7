// Package grpc2371 re-expresses GoKer's grpc#2371 (non-blocking, data
// race): Dial starts a resolver watcher goroutine that, holding the client's
// mutex, hands an update to the balancer wrapper; Close, racing it, sets the
// wrapper to nil under the same mutex. When Close wins, the watcher calls a
// method on the nil wrapper and panics with a nil pointer dereference. The
// fix checks, under the lock, that the connection is still open.
package grpc2371

import "sync"

type balancerWrapper struct {
	updates chan struct{}
}

// handleResolved keeps only the latest update: drop a pending one, queue
// this one.
func (b *balancerWrapper) handleResolved() {
	select {
	case <-b.updates:
	default:
	}
	b.updates <- struct{}{}
}

// ClientConn is the connection; Fixed selects the fixed watcher.
type ClientConn struct {
	Fixed    bool
	mu       sync.Mutex
	balancer *balancerWrapper
	done     chan struct{}
}

// Dial returns a connection whose resolver watcher is already running.
func Dial(fixed bool) *ClientConn {
	cc := &ClientConn{Fixed: fixed, balancer: &balancerWrapper{updates: make(chan struct{}, 1)}, done: make(chan struct{})}
	go cc.watcher()
	return cc
}

func (cc *ClientConn) watcher() {
	defer close(cc.done)
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.Fixed && cc.balancer == nil {
		return // closed before the first update
	}
	cc.balancer.handleResolved()
}

// Close shuts the connection down.
func (cc *ClientConn) Close() {
	cc.mu.Lock()
	cc.balancer = nil
	cc.mu.Unlock()
}

// WatcherDone is closed when the watcher has returned.
func (cc *ClientConn) WatcherDone() <-chan struct{} { return cc.done }
