package executor

import (
	"context"
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// DefaultTimeout is the controller's timeout when none is given: the
// bound on one outbound send, retries included, and on each step of a
// shutdown. The original services use 5000 ms.
const DefaultTimeout = 5 * time.Second

// ChannelCapacity is the buffer of every inbound and outbound channel.
// Go channels are bounded where the original's are not: when an inbound
// channel is full the inbound handler waits (it stops reading the
// listener, so the senders' acks wait: backpressure, never a drop); when
// an outbound channel is full, Outbound.Send waits, within its context.
// One block puts at most MaxShards*MaxRounds messages on a channel, so a
// full channel means a slow receiver, not a protocol that cannot fit.
const ChannelCapacity = 64

// ControllerConfig configures a NetworkController.
type ControllerConfig struct {
	// Service names the controller in logs and goroutine names.
	Service string
	// ListenAddr is where the inbound handler listens ("host:port").
	ListenAddr string
	// Timeout bounds one outbound send, retries included, and the flush of
	// queued messages at shutdown. Zero means DefaultTimeout.
	Timeout time.Duration
	// Logf, if set, receives one line per dropped or failed message.
	Logf func(format string, args ...any)
}

// ControllerStats counts what the controller did with messages.
//
// Every outbound message that Outbound.Send accepted (returned nil for)
// ends in exactly one of Sent, SendFailures and OutboundDropped, so once
// Shutdown has returned
//
//	Accepted == Sent + SendFailures + OutboundDropped
//
// (InFlight is the difference: 0 then). Before that, InFlight counts the
// accepted messages still queued or being sent.
type ControllerStats struct {
	Delivered         int64 // inbound messages put on their type's channel
	UnknownType       int64 // inbound messages of an unregistered type, dropped
	DroppedAtShutdown int64 // inbound messages that arrived while the channel was full at shutdown, plus OutboundDropped
	Accepted          int64 // outbound messages Outbound.Send returned nil for
	Sent              int64 // outbound messages the transport took
	Retries           int64 // outbound attempts that failed and were retried
	SendFailures      int64 // outbound messages given up on after Timeout
	OutboundDropped   int64 // outbound messages accepted but left unsent by a shutdown (its flush timed out, or the controller never started)
}

// InFlight is how many accepted outbound messages are not yet sent,
// failed or dropped: Accepted - Sent - SendFailures - OutboundDropped.
// After Shutdown it is 0; anything else is a message lost uncounted.
func (s ControllerStats) InFlight() int64 {
	return s.Accepted - s.Sent - s.SendFailures - s.OutboundDropped
}

type controllerState uint8

const (
	stateNew controllerState = iota
	stateStarted
	stateStopped
)

// NetworkController is the original's NetworkController: a registry of
// inbound channels fed by a listener (the inbound handler) and a loop
// that sends what is put on the outbound channels (the outbound handler).
// Channels are created before Start. Shutdown stops both handlers, closes
// the inbound channels so that their receivers wake (unless the
// senders-never-closed defect is on), and joins the goroutines it
// started.
type NetworkController struct {
	rt      sim.Runtime
	defects DefectSet
	tr      transport.Transport
	values  bool // tr carries Go values: messages go unencoded (Outbound.SendValue)
	cfg     ControllerConfig

	mu       *sim.Mutex
	state    controllerState
	listener transport.Listener
	stats    ControllerStats
	g        *sim.Group

	in  inboundHandler
	out outboundHandler
}

// NewNetworkController makes a controller; nothing runs until Start.
func NewNetworkController(rt sim.Runtime, tr transport.Transport, cfg ControllerConfig) *NetworkController {
	return newNetworkController(rt, tr, cfg, nil, 0)
}

// newNetworkController makes a controller whose goroutines parent owns
// (a root group of its own if parent is nil), with the defects of its
// service that concern a controller (senders-never-closed,
// carried-message-replaced): a behavioural switch, given to the service
// as an option (WithDefect), not a field of the controller's config.
func newNetworkController(rt sim.Runtime, tr transport.Transport, cfg ControllerConfig, parent *sim.Group, defects DefectSet) *NetworkController {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Service == "" {
		cfg.Service = "controller"
	}
	c := &NetworkController{rt: rt, tr: tr, cfg: cfg, defects: defects, mu: rt.NewMutex(), values: transport.CarriesValues(tr)}
	if parent != nil {
		c.g = parent.Sub("controller")
	} else {
		c.g = sim.NewGroup(rt, cfg.Service+"-controller")
	}
	c.in.init(c)
	c.out.init(c)
	return c
}

// Addr is the bound listen address once started (useful with port 0),
// else the configured one.
func (c *NetworkController) Addr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listener != nil {
		return c.listener.Addr()
	}
	return c.cfg.ListenAddr
}

// Joined reports nil if none of the controller's goroutines is running,
// and otherwise which are (see sim.Group.Joined): after Shutdown it is
// nil.
func (c *NetworkController) Joined() error { return c.g.Joined() }

// Listening reports whether the inbound handler is receiving: false
// before Start, after Shutdown, and once the listener has failed under it
// (a crashed host closes its listeners). A service whose controller is
// not listening receives nothing: its owner restarts it.
func (c *NetworkController) Listening() bool {
	c.mu.Lock()
	state, done := c.state, c.in.done
	c.mu.Unlock()
	if state != stateStarted || done.IsZero() {
		return false
	}
	_, _, ended := done.TryRecv()
	return !ended
}

// Timeout is the controller's send and shutdown bound.
func (c *NetworkController) Timeout() time.Duration { return c.cfg.Timeout }

// Stats returns a snapshot of the counters.
func (c *NetworkController) Stats() ControllerStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

func (c *NetworkController) logf(format string, args ...any) {
	if c.cfg.Logf != nil {
		c.cfg.Logf("executor: %s: "+format, append([]any{c.cfg.Service}, args...)...)
	}
}

// Start binds the listen address and starts both handlers. It fails if
// the address is in use, or if the controller was started or shut down
// before.
func (c *NetworkController) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.state {
	case stateStarted:
		return fmt.Errorf("executor: %s: controller already started", c.cfg.Service)
	case stateStopped:
		return fmt.Errorf("executor: %s: controller shut down: %w", c.cfg.Service, ErrShutdown)
	}
	if c.tr == nil {
		return fmt.Errorf("executor: %s: start: nil Transport", c.cfg.Service)
	}
	l, err := c.tr.Listen(c.cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("executor: %s: start: %w", c.cfg.Service, err)
	}
	c.listener = l
	c.state = stateStarted
	c.in.start(l)
	c.out.start()
	return nil
}

// Shutdown stops the inbound handler, closes the inbound channels, sends
// what the outbound channels still hold (within Timeout) and joins every
// goroutine the controller started. It is idempotent; before Start it
// only closes the channels.
func (c *NetworkController) Shutdown() {
	c.stopInbound()
	c.stopOutbound()
}

// stopInbound is the first half of Shutdown: no message is delivered
// after it returns. A service shuts the inbound side first, so that its
// loop can answer every command that made it in before the outbound side
// goes.
func (c *NetworkController) stopInbound() {
	c.mu.Lock()
	if c.state != stateStopped {
		c.state = stateStopped
	}
	c.mu.Unlock()
	c.in.stop()
}

// stopOutbound is the second half of Shutdown.
func (c *NetworkController) stopOutbound() {
	c.stopInbound()
	c.out.stop()
	// Both handlers are joined by their stop; this only makes it visible.
	c.g.Wait(context.Background())
}

// closeInboundNow closes the inbound channels whatever the defects say:
// for a harness that showed senders-never-closed and must now release the
// goroutines it left blocked.
func (c *NetworkController) closeInboundNow() {
	c.stopInbound()
	c.in.closeChannels()
}
