package fakenet

import (
	"fmt"
	"math"
	"time"
)

// LinkConfig is how one direction of a link behaves: how long a message
// takes and what can happen to it on the way. Every knob's zero value
// means off, so the zero LinkConfig is a perfect, instant link.
//
// Draws come from the runtime's Chooser, and an answer of 0 always means
// the mildest outcome (the shortest latency, no loss, no duplicate, no
// reordering), so a shrunk schedule is also a calmer network.
type LinkConfig struct {
	// LatencyMin is the shortest time a message spends in flight.
	LatencyMin time.Duration
	// LatencyMax is the longest. Each message's latency is drawn uniformly
	// from [LatencyMin, LatencyMax] in at most 256 steps (one byte of a
	// fuzz input). Zero means no spread: every message takes LatencyMin.
	LatencyMax time.Duration
	// LossProbability is the chance that a message sent on the link is
	// silently lost. Probabilities are drawn with a resolution of 1/65536.
	LossProbability float64
	// DuplicateProbability is the chance that a message that was not lost
	// arrives twice; the copy draws its own latency.
	DuplicateProbability float64
	// ReorderProbability is the chance that a message is held back by an
	// extra delay (see ReorderDelayMax), so that later messages on the same
	// link overtake it. Zero keeps the link FIFO: messages arrive in the
	// order they were sent, whatever latencies were drawn.
	ReorderProbability float64
	// ReorderDelayMax is the longest extra delay of a reordered message,
	// drawn in 256 steps. Zero means LatencyMax, or 1ms if that is zero too,
	// so that turning ReorderProbability on is enough to see reordering.
	ReorderDelayMax time.Duration
}

// Config configures a Network. The zero Config is a perfect network:
// instant, lossless, FIFO, and a crashed host's ports are free at once.
type Config struct {
	// LinkConfig is the default behaviour of every link; Network.SetLink
	// overrides it for one direction between two hosts.
	LinkConfig
	// PortHoldAfterCrash is how long a crashed host's ports stay bound: a
	// Listen on them fails with ErrAddrInUse until then, as a fast restart
	// does when the old socket lingers. Zero frees them at once.
	PortHoldAfterCrash time.Duration
	// WireOnly makes the network carry bytes only, as a real one does:
	// hosts do not carry Message.Value (transport.CarriesValues is false),
	// so services encode every message. A test that wants serialization
	// exercised inside a world (a receiver that shares a value with its
	// sender, a message that does not survive encoding) asks for it here.
	WireOnly bool
	// ListenerQueueMax is the most messages that may wait in one
	// listener's queue; an arrival beyond it is held back until a Recv
	// makes room (LinkStats.Held), and its Send waits: backpressure, as a
	// TCP listener that stops reading applies it. A close drops what is
	// held (DroppedClosed, the Send refused). Zero means no limit.
	ListenerQueueMax int

	// Streams: connections made by Host.DialStream (see stream.go). Zero
	// fields take the defaults named.

	// StreamWindowBytes is a connection's receive window: the most bytes a
	// writer may have on their way or unread at the peer before Write
	// blocks (backpressure). Default 64 KiB.
	StreamWindowBytes int
	// StreamBacklog is how many connections a stream listener holds that
	// Accept has not taken; a connect beyond it is not answered and
	// retried, as Linux drops a SYN on a full backlog. Default 16.
	StreamBacklog int
	// StreamRetransmit is how long a segment that met a cut link waits
	// before it is sent again. Default 200ms.
	StreamRetransmit time.Duration
	// StreamRetriesMax is how many times a segment is sent again before
	// its connection times out (ETIMEDOUT). Default 8.
	StreamRetriesMax int
}

// The stream defaults of Config.
const (
	defaultStreamWindowBytes = 64 << 10
	defaultStreamBacklog     = 16
	defaultStreamRetransmit  = 200 * time.Millisecond
	defaultStreamRetriesMax  = 8
)

// withStreamDefaults fills the zero stream fields.
func (c Config) withStreamDefaults() Config {
	if c.StreamWindowBytes == 0 {
		c.StreamWindowBytes = defaultStreamWindowBytes
	}
	if c.StreamBacklog == 0 {
		c.StreamBacklog = defaultStreamBacklog
	}
	if c.StreamRetransmit == 0 {
		c.StreamRetransmit = defaultStreamRetransmit
	}
	if c.StreamRetriesMax == 0 {
		c.StreamRetriesMax = defaultStreamRetriesMax
	}
	return c
}

func (c Config) validate() error {
	if err := c.LinkConfig.validate("Config"); err != nil {
		return err
	}
	if c.PortHoldAfterCrash < 0 {
		return fmt.Errorf("fakenet: Config.PortHoldAfterCrash is %v: want zero (ports free at once) or more", c.PortHoldAfterCrash)
	}
	if c.ListenerQueueMax < 0 {
		return fmt.Errorf("fakenet: Config.ListenerQueueMax is %d: want zero (no limit) or more", c.ListenerQueueMax)
	}
	for _, f := range []struct {
		name string
		v    int64
	}{
		{"StreamWindowBytes", int64(c.StreamWindowBytes)}, {"StreamBacklog", int64(c.StreamBacklog)},
		{"StreamRetransmit", int64(c.StreamRetransmit)}, {"StreamRetriesMax", int64(c.StreamRetriesMax)},
	} {
		if f.v < 0 {
			return fmt.Errorf("fakenet: Config.%s is %d: want zero (the default) or more", f.name, f.v)
		}
	}
	return nil
}

func (c LinkConfig) validate(where string) error {
	probs := []struct {
		name string
		p    float64
	}{
		{"LossProbability", c.LossProbability},
		{"DuplicateProbability", c.DuplicateProbability},
		{"ReorderProbability", c.ReorderProbability},
	}
	for _, x := range probs {
		if math.IsNaN(x.p) || x.p < 0 || x.p > 1 {
			return fmt.Errorf("fakenet: %s.%s is %v: want a probability from 0 to 1", where, x.name, x.p)
		}
	}
	durs := []struct {
		name string
		d    time.Duration
	}{
		{"LatencyMin", c.LatencyMin},
		{"LatencyMax", c.LatencyMax},
		{"ReorderDelayMax", c.ReorderDelayMax},
	}
	for _, x := range durs {
		if x.d < 0 {
			return fmt.Errorf("fakenet: %s.%s is %v: want zero or more", where, x.name, x.d)
		}
	}
	if c.LatencyMax != 0 && c.LatencyMax < c.LatencyMin {
		return fmt.Errorf("fakenet: %s.LatencyMax (%v) is below LatencyMin (%v): raise LatencyMax, or set it to zero for a fixed latency", where, c.LatencyMax, c.LatencyMin)
	}
	return nil
}

// reorderDelayMax resolves ReorderDelayMax's zero value.
func (c LinkConfig) reorderDelayMax() time.Duration {
	switch {
	case c.ReorderDelayMax > 0:
		return c.ReorderDelayMax
	case c.LatencyMax > 0:
		return c.LatencyMax
	}
	return time.Millisecond
}
