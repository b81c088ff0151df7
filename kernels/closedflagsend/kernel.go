// Package closedflagsend is a kernel of its own design (lifecycle): Publish
// checks the closed flag under the mutex, releases it, then sends on the
// events channel; Close sets the flag and closes the channel in between:
// "send on closed channel". The fix sends while still holding the mutex
// (the channel is buffered, so the send does not block with the lock held).
package closedflagsend

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Publish after Close.
var ErrClosed = errors.New("closedflagsend: publisher closed")

// Publisher delivers events to one subscriber.
type Publisher struct {
	fixed  bool
	mu     sync.Mutex
	closed bool
	events chan string
}

// New returns a publisher with room for capacity undelivered events.
func New(capacity int, fixed bool) *Publisher {
	return &Publisher{fixed: fixed, events: make(chan string, capacity)}
}

// Publish queues an event.
func (p *Publisher) Publish(e string) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	if p.fixed {
		defer p.mu.Unlock()
		p.events <- e
		return nil
	}
	p.mu.Unlock()
	p.events <- e
	return nil
}

// Close ends the event stream.
func (p *Publisher) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.events)
	}
}

// Events returns the event stream.
func (p *Publisher) Events() <-chan string { return p.events }
