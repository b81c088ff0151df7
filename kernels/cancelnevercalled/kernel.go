// Package cancelnevercalled is a kernel of its own design (context): each
// request derives a cancelable context and starts a monitor goroutine that
// lives until that context is done; Release cancels it only on the error
// path, so after a successful request the monitor waits forever. The fix
// cancels on every path.
package cancelnevercalled

import (
	"context"
	"errors"
)

// Request is one request in flight.
type Request struct {
	fixed  bool
	err    error
	cancel context.CancelFunc
	exited chan struct{}
}

// Start starts a request; fail makes it fail.
func Start(parent context.Context, fail, fixed bool) *Request {
	ctx, cancel := context.WithCancel(parent)
	r := &Request{fixed: fixed, cancel: cancel, exited: make(chan struct{})}
	go func() {
		defer close(r.exited)
		<-ctx.Done()
	}()
	if fail {
		r.err = errors.New("cancelnevercalled: request failed")
	}
	return r
}

// Release ends the request.
func (r *Request) Release() error {
	if r.err != nil || r.fixed {
		r.cancel()
	}
	return r.err
}

// MonitorExited is closed when the monitor has returned.
func (r *Request) MonitorExited() <-chan struct{} { return r.exited }
