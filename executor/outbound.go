package executor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// Bounds of the outbound handler's retry of a dead peer: the wait doubles
// from retryMin to retryMax, all within the controller's Timeout.
const (
	retryMin = time.Millisecond
	retryMax = 200 * time.Millisecond
)

// Outbound is a channel to one peer for one message type, made by
// CreateOutboundChannel: the original's Sender<Message> whose receiver
// the outbound handler keeps.
type Outbound struct {
	h       *outboundHandler
	addr    string
	msgType string
	ch      sim.Chan[payload]
}

// Addr is the peer's address; Type the message type.
func (o *Outbound) Addr() string { return o.addr }
func (o *Outbound) Type() string { return o.msgType }

// outboundHandler is the original's OutboundHandler: one goroutine that
// selects over every outbound channel and sends what arrives to its peer.
type outboundHandler struct {
	c    *NetworkController
	outs []*Outbound

	stopping  sim.Chan[struct{}] // closed first: new Sends fail, blocked ones give up or get in
	flush     sim.Chan[struct{}] // closed once no Send is in progress: the loop drains and returns
	senders   *sim.WaitGroup
	isStopped bool
	done      sim.Chan[struct{}]

	// carried is a message whose retries the loop gave up when shutdown
	// began; the drain sends it first, within the drain's one deadline, so
	// that a dead peer delays a shutdown by one timeout, not one per
	// queued message.
	carried     *Outbound
	carriedData payload
}

func (h *outboundHandler) init(c *NetworkController) {
	h.c = c
	h.stopping = sim.NewChan[struct{}](c.rt, 0)
	h.flush = sim.NewChan[struct{}](c.rt, 0)
	h.senders = c.rt.NewWaitGroup()
}

// CreateOutboundChannel returns the channel for messages of msgType to
// the controller at remoteAddr. It must be called before Start; the same
// address and type twice is an error.
func (c *NetworkController) CreateOutboundChannel(remoteAddr, msgType string) (*Outbound, error) {
	if err := transport.CheckType(msgType); err != nil {
		return nil, err
	}
	if remoteAddr == "" {
		return nil, fmt.Errorf("executor: %s: outbound channel %q: empty address", c.cfg.Service, msgType)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != stateNew {
		return nil, fmt.Errorf("executor: %s: outbound channel %q to %s created after Start or Shutdown", c.cfg.Service, msgType, remoteAddr)
	}
	for _, o := range c.out.outs {
		if o.addr == remoteAddr && o.msgType == msgType {
			return nil, fmt.Errorf("executor: %s: outbound channel %q to %s created twice", c.cfg.Service, msgType, remoteAddr)
		}
	}
	o := &Outbound{h: &c.out, addr: remoteAddr, msgType: msgType, ch: sim.NewChan[payload](c.rt, ChannelCapacity)}
	c.out.outs = append(c.out.outs, o)
	return o, nil
}

// payload is what an Outbound queues: encoded bytes, or a Go value for a
// transport that carries values (transport.CarriesValues).
type payload struct {
	data  []byte
	value any
}

// Send queues data for the peer. It waits while the channel is full, and
// fails with an error wrapping ErrShutdown once the controller's outbound
// side is shut down, or with ctx's error. A nil error means the handler
// will send the message (or count and log its failure). Data must not be
// modified afterwards.
func (o *Outbound) Send(ctx context.Context, data []byte) error {
	return o.queue(ctx, payload{data: data})
}

// SendValue queues v for the peer, as Send does: over a transport that
// carries values (fakenet in a world) as it is, otherwise encoded as
// JSON now, in the caller's goroutine. v must not be modified afterwards;
// the receiver reads it with the package's decode.
func (o *Outbound) SendValue(ctx context.Context, v any) error {
	if o.h.c.values {
		return o.queue(ctx, payload{value: v})
	}
	return o.queue(ctx, payload{data: encode(v)})
}

func (o *Outbound) queue(ctx context.Context, p payload) error {
	h := o.h
	c := h.c
	c.mu.Lock()
	if h.isStopped {
		c.mu.Unlock()
		return fmt.Errorf("executor: %s: send %q to %s: outbound handler gone: %w", c.cfg.Service, o.msgType, o.addr, ErrShutdown)
	}
	h.senders.Add(1)
	c.mu.Unlock()
	defer h.senders.Done()
	switch sim.Select(c.rt, o.ch.SendCase(p), h.stopping.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		// Counted before senders.Done: once stop's senders.Wait returns,
		// Accepted is final.
		c.mu.Lock()
		c.stats.Accepted++
		c.mu.Unlock()
		return nil
	case 1:
		return fmt.Errorf("executor: %s: send %q to %s: outbound handler gone: %w", c.cfg.Service, o.msgType, o.addr, ErrShutdown)
	default:
		return ctx.Err()
	}
}

// start runs under c.mu.
func (h *outboundHandler) start() {
	h.done = sim.NewChan[struct{}](h.c.rt, 0)
	h.c.g.Go(h.c.cfg.Service+"-outbound", func() {
		defer h.done.Close()
		h.loop()
	})
}

func (h *outboundHandler) loop() {
	c := h.c
	cases := make([]sim.Case, len(h.outs)+1)
	var data payload
	for {
		for i, o := range h.outs {
			cases[i] = o.ch.RecvCase(&data, nil)
		}
		cases[len(h.outs)] = h.flush.RecvCase(nil, nil)
		i := sim.Select(c.rt, cases...)
		if i == len(h.outs) {
			h.drain()
			return
		}
		ctx, cancel := c.rt.WithTimeout(context.Background(), c.cfg.Timeout)
		sent := h.send(ctx, h.outs[i], data, true)
		cancel()
		if !sent {
			// Shutdown has begun: the drain takes this message over. The
			// loop takes no other one, for the next to meet the same dead
			// peer would yield too and replace this one, lost uncounted.
			h.carried, h.carriedData = h.outs[i], data
			if c.defects.Has(DefectCarriedMessageReplaced) {
				continue // the old loop: the next message may replace it
			}
			h.flush.Recv()
			h.drain()
			return
		}
	}
}

// drain sends what is still queued, all within one Timeout: a shutdown
// delivers the results already produced instead of losing them.
func (h *outboundHandler) drain() {
	c := h.c
	ctx, cancel := c.rt.WithTimeout(context.Background(), c.cfg.Timeout)
	defer cancel()
	if o := h.carried; o != nil {
		h.send(ctx, o, h.carriedData, false)
		h.carried, h.carriedData = nil, payload{}
	}
	for _, o := range h.outs {
		for {
			data, ok, ready := o.ch.TryRecv()
			if !ready || !ok {
				break
			}
			if ctx.Err() != nil {
				c.mu.Lock()
				c.stats.DroppedAtShutdown++
				c.stats.OutboundDropped++
				c.mu.Unlock()
				c.logf("shutdown: dropping a queued %q message to %s: flush timed out", o.msgType, o.addr)
				continue
			}
			h.send(ctx, o, data, false)
		}
	}
}

// send hands one message to the transport, retrying a refused or failing
// peer with a doubling wait until ctx ends. Failure is counted and logged:
// the handler goes on with the next message. With yieldToStop, a retry
// wait that sees shutdown begin gives the message up to the drain instead
// (send reports false).
func (h *outboundHandler) send(ctx context.Context, o *Outbound, data payload, yieldToStop bool) bool {
	c := h.c
	msg := transport.Message{Type: o.msgType, Data: data.data, Value: data.value}
	wait := retryMin
	for tries := 1; ; tries++ {
		err := c.tr.Send(ctx, o.addr, msg)
		if err == nil {
			c.mu.Lock()
			c.stats.Sent++
			c.mu.Unlock()
			return true
		}
		if ctx.Err() == nil && !errors.Is(err, transport.ErrUnsendable) {
			c.mu.Lock()
			c.stats.Retries++
			c.mu.Unlock()
			t := c.rt.NewTimer(wait)
			stopping := h.stopping
			if !yieldToStop {
				stopping = sim.Chan[struct{}]{} // a case that never proceeds
			}
			woke := sim.Select(c.rt, t.C.RecvCase(nil, nil), sim.DoneCase(ctx), stopping.RecvCase(nil, nil))
			t.Stop()
			if woke == 2 {
				return false
			}
			if wait *= 2; wait > retryMax {
				wait = retryMax
			}
			if ctx.Err() == nil {
				continue
			}
		}
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		}
		c.mu.Lock()
		c.stats.SendFailures++
		c.mu.Unlock()
		c.logf("send %q to %s failed after %d tries: %v", o.msgType, o.addr, tries, err)
		return true
	}
}

// stop shuts the outbound side: Sends fail from now on, the loop sends
// what is queued and returns, and stop joins it. Idempotent.
func (h *outboundHandler) stop() {
	c := h.c
	c.mu.Lock()
	if h.isStopped {
		c.mu.Unlock()
		return
	}
	h.isStopped = true
	h.stopping.Close()
	done := h.done
	c.mu.Unlock()
	// Every Send in progress now returns at once (stopping is closed);
	// after that nothing can join the queues, so the drain misses nothing.
	h.senders.Wait()
	h.flush.Close()
	if done.IsZero() {
		h.dropQueued() // never started: nobody will send them
		return
	}
	done.Recv()
}

func (h *outboundHandler) dropQueued() {
	c := h.c
	for _, o := range h.outs {
		for {
			_, ok, ready := o.ch.TryRecv()
			if !ready || !ok {
				break
			}
			c.mu.Lock()
			c.stats.DroppedAtShutdown++
			c.stats.OutboundDropped++
			c.mu.Unlock()
			c.logf("shutdown before start: dropping a queued %q message to %s", o.msgType, o.addr)
		}
	}
}
