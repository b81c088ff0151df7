package fakenet

import (
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// Network is a simulated network of hosts on one runtime. Make it with
// New, get each host's Transport with Host, inject faults with Partition,
// Crash and friends (or a Plan), and Close it when done: Close stops the
// goroutines it started and closes every listener.
//
// All of its methods are safe for concurrent use by the runtime's
// goroutines.
type Network struct {
	rt      sim.Runtime
	cfg     Config
	tracing bool // the runtime is a world: build trace details, else skip the work

	mu     *sim.Mutex
	start  time.Time        // rt.Now() at New; in-flight times are offsets from it
	hosts  []*Host          // creation order; a host's id is its index + 1
	byName map[string]*Host // lookup only, never iterated
	links  []*link          // creation order

	inflight flightHeap
	seq      uint64 // send sequence: ties in arrival time go in send order
	timer    *sim.Timer
	armed    bool
	armedAt  time.Duration

	refusedUnknown int64 // refusals to hosts that do not exist: no link to count them on
	streamStats    StreamStats

	closed bool
	stop   sim.Chan[struct{}] // closed by Close: wakes the courier and plans
	wg     *sim.WaitGroup     // the courier and plans, joined by Close
	once   *sim.Once
}

// New makes a network on rt and starts its courier, the goroutine that
// hands messages to listeners when their latency has passed. It fails only
// on a bad Config or a nil runtime.
func New(rt sim.Runtime, cfg Config) (*Network, error) {
	if rt == nil {
		return nil, fmt.Errorf("fakenet: New: nil runtime: pass sim.NewReal(seed) or the runtime of sim.Run's body")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withStreamDefaults()
	n := &Network{
		rt:      rt,
		cfg:     cfg,
		tracing: sim.Traces(rt),
		mu:      rt.NewMutex(),
		byName:  make(map[string]*Host),
		stop:    sim.NewChan[struct{}](rt, 0),
		wg:      rt.NewWaitGroup(),
		once:    rt.NewOnce(),
	}
	n.start = rt.Now()
	// One timer serves every message: it is armed for the earliest arrival.
	n.timer = rt.NewTimer(time.Hour)
	n.timer.Stop()
	n.wg.Go("fakenet courier", n.courier)
	return n, nil
}

// now is the time since New, the clock of in-flight messages.
func (n *Network) now() time.Duration { return n.rt.Now().Sub(n.start) }

// Host returns the host named name, adding it to the network on first
// use. A *Host is that host's transport.Transport: its sends leave from it,
// which is what links, partitions and crashes act on.
func (n *Network) Host(name string) (*Host, error) {
	if err := checkHostName(name); err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if h := n.byName[name]; h != nil {
		return h, nil
	}
	if n.closed {
		return nil, fmt.Errorf("fakenet: add host %q: the network is closed; make a new one with New", name)
	}
	h := &Host{
		net:      n,
		name:     name,
		id:       len(n.hosts) + 1,
		up:       true,
		ports:    make(map[int]*listener),
		held:     make(map[int]time.Duration),
		nextPort: ephemeralFirst,
	}
	n.hosts = append(n.hosts, h)
	n.byName[name] = h
	return h, nil
}

// Hosts returns the names of the network's hosts, in the order they were
// added.
func (n *Network) Hosts() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]string, len(n.hosts))
	for i, h := range n.hosts {
		out[i] = h.name
	}
	return out
}

// lookup finds a host for an operation named op. The caller holds n.mu.
func (n *Network) lookup(op, name string) (*Host, error) {
	h := n.byName[name]
	if h == nil {
		return nil, fmt.Errorf("fakenet: %s: unknown host %q: add it with Network.Host first", op, name)
	}
	return h, nil
}

// pair finds two hosts for an operation on the link between them. The
// caller holds n.mu.
func (n *Network) pair(op, from, to string) (*Host, *Host, error) {
	a, err := n.lookup(op, from)
	if err != nil {
		return nil, nil, err
	}
	b, err := n.lookup(op, to)
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// courier delivers messages as their arrival times come. It is the only
// goroutine that moves messages, so the cost of a message is a heap push
// and pop rather than a goroutine or timer of its own.
func (n *Network) courier() {
	for {
		if sim.Select(n.rt, n.timer.C.RecvCase(nil, nil), n.stop.RecvCase(nil, nil)) == 1 {
			return
		}
		n.mu.Lock()
		n.armed = false
		if !n.closed {
			now := n.now()
			for len(n.inflight) > 0 && n.inflight[0].due <= now {
				n.deliver(n.inflight.pop())
			}
			if len(n.inflight) > 0 {
				n.arm(n.inflight[0].due, now)
			}
		}
		n.mu.Unlock()
	}
}

// arm makes the courier wake at due unless it already wakes earlier. The
// caller holds n.mu. When timers race running code (sim.Options.
// TimerHorizon), the clock may have moved since the caller read now, and
// the courier then wakes that much after due: a message is late by the
// time its send took, never early, and the courier delivers everything
// due when it wakes.
func (n *Network) arm(due, now time.Duration) {
	if n.armed && n.armedAt <= due {
		return
	}
	n.armed, n.armedAt = true, due
	n.timer.Reset(due - now)
}

// Close closes every listener (their Recv calls return ErrClosed), drops
// whatever is in flight (the Sends waiting for it fail with ErrClosed),
// and stops and joins the goroutines the network
// started, so that nothing of it is left running. Later sends and listens
// fail. It is idempotent; a second call waits for the first to finish.
func (n *Network) Close() error {
	n.once.Do(func() {
		n.mu.Lock()
		n.closed = true
		for _, f := range n.inflight.sorted() {
			if f.seg != nil {
				n.traceSeg("drop network-closed", f)
				continue
			}
			n.drop(f, "network-closed", &f.link.stats.DroppedClosed)
			f.settle(errClosed("send from " + f.link.from.name + " to " + f.dst.addr))
		}
		n.inflight = nil
		for _, h := range n.hosts {
			n.closeListeners(h, "network-closed")
			for _, p := range sortedPorts(h.streams) {
				n.closeStreamListener(h.streams[p], "network-closed")
			}
		}
		n.trace(0, "close network")
		n.mu.Unlock()
		n.stop.Close()
		n.wg.Wait()
		n.timer.Stop()
	})
	return nil
}

// errClosed is the error of an operation on a closed network.
func errClosed(op string) error {
	return fmt.Errorf("fakenet: %s: the network is closed; make a new one with New: %w", op, transport.ErrClosed)
}
