// Package grpc1687 re-expresses GoKer's grpc#1687 (non-blocking, channel
// misuse): a server handler transport closes its writes channel in
// WriteStatus to end the stream, while another goroutine's Write, which
// checked only that the transport was not closed, still sends on it: "send
// on closed channel". The fix never closes the channel senders use: it
// closes a separate closed channel, which both the stream loop and every
// sender select on.
package grpc1687

import "sync"

// Transport is the handler transport; Fixed selects the fix.
type Transport struct {
	Fixed     bool
	closed    chan struct{}
	writes    chan func()
	closeOnce sync.Once
}

// New returns a transport; RunStream must run for writes to complete.
func New(fixed bool) *Transport {
	return &Transport{Fixed: fixed, closed: make(chan struct{}), writes: make(chan func())}
}

func (ht *Transport) do(fn func()) {
	select {
	case <-ht.closed:
		return
	default:
		select {
		case ht.writes <- fn:
		case <-ht.closed:
		}
	}
}

// WriteStatus writes the final status and ends the stream.
func (ht *Transport) WriteStatus() {
	ht.do(func() {})
	if ht.Fixed {
		ht.closeOnce.Do(func() { close(ht.closed) })
		return
	}
	close(ht.writes)
}

// Write writes one message.
func (ht *Transport) Write() { ht.do(func() {}) }

// RunStream runs the queued writes until the stream ends.
func (ht *Transport) RunStream() {
	for {
		select {
		case fn, ok := <-ht.writes:
			if !ok {
				return
			}
			fn()
		case <-ht.closed:
			return
		}
	}
}
