// Package tickerrange is a kernel of its own design (timer): a poller
// ranges over its ticker's channel and Stop stops the ticker, expecting the
// loop to end; but Ticker.Stop does not close the channel, so the poller
// goroutine waits on it forever, leaked. The fix selects on a done channel
// next to the ticker.
package tickerrange

import (
	"sync/atomic"
	"time"
)

// Poller polls every period until stopped.
type Poller struct {
	fixed  bool
	tk     *time.Ticker
	done   chan struct{}
	exited chan struct{}
	polls  atomic.Int32
	first  chan struct{}
}

// Start returns a running poller.
func Start(period time.Duration, fixed bool) *Poller {
	p := &Poller{fixed: fixed, tk: time.NewTicker(period), done: make(chan struct{}), exited: make(chan struct{}), first: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) poll() {
	if p.polls.Add(1) == 1 {
		close(p.first)
	}
}

func (p *Poller) loop() {
	defer close(p.exited)
	if !p.fixed {
		for range p.tk.C {
			p.poll()
		}
		return
	}
	for {
		select {
		case <-p.tk.C:
			p.poll()
		case <-p.done:
			return
		}
	}
}

// Stop stops polling.
func (p *Poller) Stop() {
	p.tk.Stop()
	close(p.done)
}

// First is closed after the first poll.
func (p *Poller) First() <-chan struct{} { return p.first }

// Exited is closed when the poller goroutine has returned.
func (p *Poller) Exited() <-chan struct{} { return p.exited }
