package executor

import (
	"context"
	"errors"
	"fmt"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// inboundHandler is the original's InboundHandler: a registry of message
// type → channel, and a goroutine that takes each message from the
// listener and puts it on its type's channel.
type inboundHandler struct {
	c *NetworkController

	types    []string                               // registration order, for a deterministic close
	channels map[string]sim.Chan[transport.Message] // looked up, never ranged over
	closed   bool
	stopped  bool

	stopCtx context.Context
	cancel  context.CancelFunc
	done    sim.Chan[struct{}] // closed when the dispatcher has returned
}

func (h *inboundHandler) init(c *NetworkController) {
	h.c = c
	h.channels = make(map[string]sim.Chan[transport.Message])
}

// CreateInboundChannel registers msgType and returns the channel its
// messages arrive on. The controller owns the channel: it closes it at
// Shutdown, and the receiver reads ok == false then. Registering a type
// twice, or after Start, is an error.
func (c *NetworkController) CreateInboundChannel(msgType string) (sim.Chan[transport.Message], error) {
	if err := transport.CheckType(msgType); err != nil {
		return sim.Chan[transport.Message]{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != stateNew {
		return sim.Chan[transport.Message]{}, fmt.Errorf("executor: %s: inbound channel %q created after Start or Shutdown", c.cfg.Service, msgType)
	}
	if _, dup := c.in.channels[msgType]; dup {
		return sim.Chan[transport.Message]{}, fmt.Errorf("executor: %s: inbound message type %q registered twice", c.cfg.Service, msgType)
	}
	ch := sim.NewChan[transport.Message](c.rt, ChannelCapacity)
	c.in.channels[msgType] = ch
	c.in.types = append(c.in.types, msgType)
	return ch, nil
}

// start runs under c.mu.
func (h *inboundHandler) start(l transport.Listener) {
	h.stopCtx, h.cancel = h.c.rt.WithCancel(context.Background())
	h.done = sim.NewChan[struct{}](h.c.rt, 0)
	h.c.g.Go(h.c.cfg.Service+"-inbound", func() {
		defer h.done.Close()
		h.dispatch(l)
	})
}

func (h *inboundHandler) dispatch(l transport.Listener) {
	c := h.c
	for {
		msg, err := l.Recv(h.stopCtx)
		if err != nil {
			if h.stopCtx.Err() == nil && !errors.Is(err, transport.ErrClosed) {
				c.logf("inbound handler stops: %v", err)
			}
			return
		}
		c.mu.Lock()
		ch, ok := h.channels[msg.Type]
		if !ok {
			c.stats.UnknownType++
		}
		c.mu.Unlock()
		if !ok {
			c.logf("dropping message of unknown type %q (%d bytes)", msg.Type, len(msg.Data))
			continue
		}
		if sim.Select(c.rt, ch.SendCase(msg), sim.DoneCase(h.stopCtx)) == 1 {
			c.mu.Lock()
			c.stats.DroppedAtShutdown++
			c.mu.Unlock()
			c.logf("shutdown: dropping a %q message: its channel is full", msg.Type)
			return
		}
		c.mu.Lock()
		c.stats.Delivered++
		c.mu.Unlock()
	}
}

// stop ends the dispatcher, unbinds the address and closes the channels
// (unless senders-never-closed). Idempotent.
func (h *inboundHandler) stop() {
	c := h.c
	c.mu.Lock()
	if h.stopped {
		c.mu.Unlock()
		return
	}
	h.stopped = true
	l, cancel, done := c.listener, h.cancel, h.done
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	if l != nil {
		if err := l.Close(); err != nil {
			c.logf("closing listener: %v", err)
		}
	}
	if !done.IsZero() {
		done.Recv() // the dispatcher returns: its Recv and send both end with stopCtx
	}
	if c.defects.Has(DefectSendersNeverClosed) {
		// The original keeps the senders in the handler's map: whoever
		// blocks on an inbound channel stays blocked.
		return
	}
	h.closeChannels()
}

// closeChannels closes every inbound channel once. The dispatcher has
// returned, so nothing sends on them any more.
func (h *inboundHandler) closeChannels() {
	c := h.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, t := range h.types {
		h.channels[t].Close()
	}
}
