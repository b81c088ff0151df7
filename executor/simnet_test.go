package executor

import (
	"context"
	"strings"
	"time"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// simNet is a fakenet network seen as one Transport for a whole cluster,
// as the tests' clusters share one: Listen binds on the host its address
// names, and every Send leaves from one host of its own. The tests here
// drive the executor's lifecycle; fakenet's own tests and scenarios/ are
// where partitions and crashes between hosts are exercised.
// simQueueMax is each listener's queue: small, so that a peer that does
// not keep up pushes back on its senders.
const simQueueMax = 16

type simNet struct {
	n    *fakenet.Network
	from *fakenet.Host
}

// newSimNet makes the network with latencies up to latencyMaxMs
// milliseconds and listener queues of simQueueMax, beyond which senders
// wait (backpressure). The world's body must Close it before returning,
// or its courier is a leak.
func newSimNet(rt sim.Runtime, latencyMaxMs int) *simNet {
	n, err := fakenet.New(rt, fakenet.Config{
		LinkConfig:       fakenet.LinkConfig{LatencyMax: time.Duration(latencyMaxMs) * time.Millisecond},
		ListenerQueueMax: simQueueMax,
	})
	if err != nil {
		panic(err)
	}
	from, err := n.Host("tests")
	if err != nil {
		panic(err)
	}
	return &simNet{n: n, from: from}
}

func (s *simNet) Listen(addr string) (transport.Listener, error) {
	name, _, _ := strings.Cut(addr, ":")
	h, err := s.n.Host(name)
	if err != nil {
		return nil, err
	}
	return h.Listen(addr)
}

func (s *simNet) Send(ctx context.Context, addr string, msg transport.Message) error {
	if name, _, ok := strings.Cut(addr, ":"); ok {
		// Make the destination known so that a send to a host nobody
		// listens on is refused by port, like a real one, not by name.
		if _, err := s.n.Host(name); err != nil {
			return err
		}
	}
	return s.from.Send(ctx, addr, msg)
}

func (s *simNet) Close() { s.n.Close() }
