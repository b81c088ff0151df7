package fakenet

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
)

// FaultKind names what a Fault does.
type FaultKind uint8

// The faults a Plan can hold. Each maps to the Network method of the same
// name.
const (
	FaultCrash           FaultKind = iota + 1 // Crash(Host)
	FaultRestart                              // Restart(Host)
	FaultPartition                            // Partition(Host, Peer)
	FaultPartitionOneWay                      // PartitionOneWay(Host, Peer)
	FaultHeal                                 // Heal(Host, Peer)
)

var faultNames = [...]string{
	FaultCrash:           "crash",
	FaultRestart:         "restart",
	FaultPartition:       "partition",
	FaultPartitionOneWay: "partition-one-way",
	FaultHeal:            "heal",
}

func (k FaultKind) String() string {
	if int(k) < len(faultNames) && faultNames[k] != "" {
		return faultNames[k]
	}
	return fmt.Sprintf("fault(%d)", k)
}

func (k FaultKind) needsPeer() bool {
	return k == FaultPartition || k == FaultPartitionOneWay || k == FaultHeal
}

// Fault is one timed fault of a Plan.
type Fault struct {
	At   time.Duration // when, measured from Network.Start
	Kind FaultKind
	Host string // the host crashed or restarted; the source of a partition
	Peer string // the other end of a partition or heal; empty otherwise
}

func (f Fault) String() string {
	s := fmt.Sprintf("+%v %s %s", f.At, f.Kind, f.Host)
	if f.Kind.needsPeer() {
		s += " " + f.Peer
	}
	return s
}

// Plan is a script of faults: a value that a scenario writes by hand,
// draws with DrawPlan, prints in its report, and hands to Network.Start.
// Faults at the same time apply in list order.
type Plan []Fault

// String renders the plan one fault per line, in time order.
func (p Plan) String() string {
	var b strings.Builder
	for _, f := range p.sorted() {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func (p Plan) sorted() Plan {
	s := slices.Clone(p)
	slices.SortStableFunc(s, func(a, b Fault) int { return cmp.Compare(a.At, b.At) })
	return s
}

// Start applies the plan's faults at their times, from a goroutine of the
// network's that Close stops. It checks the whole plan first, and fails
// without applying anything if a fault is malformed or names a host the
// network does not have.
func (n *Network) Start(p Plan) error {
	for i, f := range p {
		if err := f.check(); err != nil {
			return fmt.Errorf("fakenet: start plan: fault %d (%v): %w", i, f, err)
		}
	}
	p = p.sorted()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return errClosed("start plan")
	}
	for i, f := range p {
		names := []string{f.Host}
		if f.Kind.needsPeer() {
			names = append(names, f.Peer)
		}
		for _, name := range names {
			if n.byName[name] == nil {
				return fmt.Errorf("fakenet: start plan: fault %d (%v): unknown host %q: add it with Network.Host first", i, f, name)
			}
		}
	}
	start := n.now()
	n.wg.Go("fakenet plan", func() { n.runPlan(p, start) })
	return nil
}

func (f Fault) check() error {
	switch {
	case f.Kind < FaultCrash || f.Kind > FaultHeal:
		return fmt.Errorf("unknown kind %d: use one of the Fault constants", f.Kind)
	case f.At < 0:
		return fmt.Errorf("negative time %v: want an offset from Start", f.At)
	case f.Host == "":
		return fmt.Errorf("no host: set Host")
	case f.Kind.needsPeer() && (f.Peer == "" || f.Peer == f.Host):
		return fmt.Errorf("%s needs a Peer other than Host", f.Kind)
	case !f.Kind.needsPeer() && f.Peer != "":
		return fmt.Errorf("%s takes no Peer", f.Kind)
	}
	return nil
}

func (n *Network) runPlan(p Plan, start time.Duration) {
	for _, f := range p {
		if wait := start + f.At - n.now(); wait > 0 {
			t := n.rt.NewTimer(wait)
			stopped := sim.Select(n.rt, t.C.RecvCase(nil, nil), n.stop.RecvCase(nil, nil)) == 1
			t.Stop()
			if stopped {
				return
			}
		}
		if n.apply(f) != nil {
			return // the network closed under the plan: nothing left to fault
		}
	}
}

func (n *Network) apply(f Fault) error {
	switch f.Kind {
	case FaultCrash:
		return n.Crash(f.Host)
	case FaultRestart:
		return n.Restart(f.Host)
	case FaultPartition:
		return n.Partition(f.Host, f.Peer)
	case FaultPartitionOneWay:
		return n.PartitionOneWay(f.Host, f.Peer)
	case FaultHeal:
		return n.Heal(f.Host, f.Peer)
	}
	return fmt.Errorf("fakenet: unknown fault kind %d", f.Kind)
}

// PlanConfig bounds a plan drawn by DrawPlan. Its zero value draws an empty
// plan.
type PlanConfig struct {
	// EpisodesMax is the most fault episodes a plan holds; the number is
	// drawn from [0, EpisodesMax]. An episode is a fault and, unless
	// DurationMax is zero, its undoing: a crash and its restart, a
	// partition and its heal.
	EpisodesMax int
	// StartMax is the latest time an episode starts, drawn in 256 steps
	// from [0, StartMax].
	StartMax time.Duration
	// DurationMax is the longest an episode lasts, drawn in 256 steps from
	// (0, DurationMax]. Zero means faults are never undone.
	DurationMax time.Duration
	// Kinds are the faults to draw from: FaultCrash, FaultPartition,
	// FaultPartitionOneWay. Nil means all three.
	Kinds []FaultKind
}

// DrawPlan draws a plan over hosts from rt's Chooser, so a seed fixes it
// and shrinking simplifies it (answer 0 everywhere is the empty plan).
// Hosts are sorted first, so their order does not matter.
func DrawPlan(rt sim.Runtime, hosts []string, c PlanConfig) (Plan, error) {
	switch {
	case c.EpisodesMax < 0:
		return nil, fmt.Errorf("fakenet: PlanConfig.EpisodesMax is %d: want zero or more", c.EpisodesMax)
	case c.StartMax < 0 || c.DurationMax < 0:
		return nil, fmt.Errorf("fakenet: PlanConfig.StartMax and DurationMax are %v and %v: want zero or more", c.StartMax, c.DurationMax)
	}
	kinds := c.Kinds
	if kinds == nil {
		kinds = []FaultKind{FaultCrash, FaultPartition, FaultPartitionOneWay}
	}
	for _, k := range kinds {
		if k != FaultCrash && k != FaultPartition && k != FaultPartitionOneWay {
			return nil, fmt.Errorf("fakenet: PlanConfig.Kinds holds %v: draw only crash, partition and partition-one-way (their undoing is drawn with them)", k)
		}
	}
	hs := slices.Clone(hosts)
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) < 2 {
		kinds = slices.DeleteFunc(slices.Clone(kinds), FaultKind.needsPeer)
	}
	if len(hs) == 0 || len(kinds) == 0 {
		if c.EpisodesMax == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("fakenet: draw plan over hosts %q with kinds %v: nothing to draw; partitions need two hosts, crashes one", hosts, c.Kinds)
	}
	var p Plan
	for range rt.Choose("fakenet.plan.episodes", c.EpisodesMax+1) {
		kind := kinds[rt.Choose("fakenet.plan.kind", len(kinds))]
		f := Fault{Kind: kind, Host: hs[rt.Choose("fakenet.plan.host", len(hs))]}
		if kind.needsPeer() {
			// Draw among the other hosts, so that no draw is wasted.
			j := rt.Choose("fakenet.plan.peer", len(hs)-1)
			if hs[j] == f.Host {
				j = len(hs) - 1
			}
			f.Peer = hs[j]
		}
		f.At = scaled(rt.Choose("fakenet.plan.start", steps), c.StartMax)
		p = append(p, f)
		if c.DurationMax > 0 {
			undo := Fault{At: f.At + scaled(1+rt.Choose("fakenet.plan.duration", steps), c.DurationMax), Host: f.Host, Peer: f.Peer, Kind: FaultHeal}
			if kind == FaultCrash {
				undo.Kind = FaultRestart
			}
			p = append(p, undo)
		}
	}
	return p.sorted(), nil
}

// scaled maps k in [0, steps] to [0, d].
func scaled(k int, d time.Duration) time.Duration {
	q, r := d/steps, d%steps
	return q*time.Duration(k) + r*time.Duration(k)/steps
}
