package fakenet

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// LinkStats counts what happened on one direction of a link. Once nothing
// is in flight or held at a full queue, every message is accounted for:
//
//	Sent + Duplicated == Delivered + Lost + Dropped()
//
// and Discarded, a part of Delivered, counts those no Recv ever returned.
type LinkStats struct {
	From, To string // host names; both empty for Network.Totals

	Sent       int64 // sends that left on the link, including ones lost or dropped later
	Refused    int64 // sends that failed with ErrRefused at once: nobody listened there
	Delivered  int64 // copies that reached a listener's queue (accepted: the Send returned nil)
	Discarded  int64 // delivered copies whose listener closed (or host crashed) before a Recv took them
	Duplicated int64 // extra copies made by DuplicateProbability
	Reordered  int64 // copies held back by ReorderProbability
	Lost       int64 // sends lost by LossProbability
	Held       int64 // copies that arrived at a full queue and waited for room (Config.ListenerQueueMax)

	DroppedPartition int64 // the link was cut when the message was sent or when it arrived
	DroppedCrash     int64 // in flight when either end crashed
	DroppedClosed    int64 // the destination listener, or the network, closed first
}

// Dropped is the number of copies that the network discarded for a reason
// other than random loss.
func (s LinkStats) Dropped() int64 {
	return s.DroppedPartition + s.DroppedCrash + s.DroppedClosed
}

func (s *LinkStats) add(o LinkStats) {
	s.Sent += o.Sent
	s.Refused += o.Refused
	s.Delivered += o.Delivered
	s.Discarded += o.Discarded
	s.Duplicated += o.Duplicated
	s.Reordered += o.Reordered
	s.Lost += o.Lost
	s.DroppedPartition += o.DroppedPartition
	s.DroppedCrash += o.DroppedCrash
	s.DroppedClosed += o.DroppedClosed
	s.Held += o.Held
}

// link is one direction between two hosts (possibly the same one). It is
// made on first use, so a network of many hosts pays only for the pairs
// that talk.
type link struct {
	id       int // trace object id, in creation order
	from, to *Host
	name     string // "a->b", for traces
	cfg      LinkConfig
	cut      bool          // a partition drops everything from -> to
	lastDue  time.Duration // arrival time of the latest FIFO copy
	stats    LinkStats

	// Draw labels, built once so that the hot path does not allocate them.
	latencyLabel, lossLabel, dupLabel, reorderLabel, holdLabel string
}

// link returns the link from -> to, making it on first use.
func (n *Network) link(from, to *Host) *link {
	i := to.id - 1
	if i < len(from.out) && from.out[i] != nil {
		return from.out[i]
	}
	if i >= len(from.out) {
		from.out = append(from.out, make([]*link, i+1-len(from.out))...)
	}
	l := &link{
		id:   len(n.links) + 1,
		from: from, to: to,
		cfg: n.cfg.LinkConfig,
	}
	l.labels(from.name + "->" + to.name)
	l.stats.From, l.stats.To = from.name, to.name
	from.out[i] = l
	n.links = append(n.links, l)
	return l
}

// labels sets the link's name and its draw labels. They are slices of
// one string: made separately they were six allocations a link, a third of
// a small network's (issue 19).
func (l *link) labels(name string) {
	const latency, loss, dup, reorder, hold = "fakenet.latency ", "fakenet.loss ", "fakenet.duplicate ", "fakenet.reorder ", "fakenet.hold "
	var b strings.Builder
	b.Grow(len(latency+loss+dup+reorder+hold) + 6*len(name))
	cut := func(prefix string) [2]int {
		start := b.Len()
		b.WriteString(prefix)
		b.WriteString(name)
		return [2]int{start, b.Len()}
	}
	nm, la, lo, du, re, ho := cut(""), cut(latency), cut(loss), cut(dup), cut(reorder), cut(hold)
	all := b.String()
	l.name = all[nm[0]:nm[1]]
	l.latencyLabel, l.lossLabel, l.dupLabel = all[la[0]:la[1]], all[lo[0]:lo[1]], all[du[0]:du[1]]
	l.reorderLabel, l.holdLabel = all[re[0]:re[1]], all[ho[0]:ho[1]]
}

// probScale is the resolution of probability draws: 1<<16 answers fit in
// two bytes of a fuzz input.
const probScale = 1 << 16

// happens draws whether an event of probability p occurs. The high answers
// mean yes, so answer 0 (what shrinking and exhausted fuzz input give) is
// always the calm outcome. Certain outcomes draw nothing, which keeps a
// fault-free network out of the schedule entirely.
func (n *Network) happens(label string, p float64) bool {
	if p <= 0 {
		return false
	}
	if p >= 1 {
		return true
	}
	k := max(int(p*probScale+0.5), 1)
	return n.rt.Choose(label, probScale) >= probScale-k
}

// steps is how finely a duration range is drawn: 256 answers, one byte of
// a fuzz input, plenty to spread arrivals apart.
const steps = 256

// drawIn draws a duration from [lo, hi] in at most steps steps; answer 0
// is lo.
func (n *Network) drawIn(label string, lo, hi time.Duration) time.Duration {
	span := hi - lo
	if span <= 0 {
		return lo
	}
	k := time.Duration(n.rt.Choose(label, int(min(span+1, steps))))
	if span < steps {
		return lo + k
	}
	// span/(steps-1)*k would lose the remainder; split it to avoid both
	// that and overflow of span*k.
	q, r := span/(steps-1), span%(steps-1)
	return lo + q*k + r*k/(steps-1)
}

// sortStats orders stats by host names, so reports read the same
// whichever pair talked first.
func sortStats(s []LinkStats) {
	slices.SortFunc(s, func(a, b LinkStats) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
}

// SetLink overrides the behaviour of the direction from -> to (the
// reverse direction keeps its own). Messages already in flight keep the
// latency they drew.
func (n *Network) SetLink(from, to string, c LinkConfig) error {
	if err := c.validate("LinkConfig"); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	a, b, err := n.pair("set link", from, to)
	if err != nil {
		return err
	}
	n.link(a, b).cfg = c
	return nil
}

// Stats returns the counters of every link that has carried a send, sorted
// by source then destination host name.
func (n *Network) Stats() []LinkStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]LinkStats, 0, len(n.links))
	for _, l := range n.links {
		out = append(out, l.stats)
	}
	sortStats(out)
	return out
}

// LinkStats returns the counters of the direction from -> to (all zero if
// it never carried a send).
func (n *Network) LinkStats(from, to string) (LinkStats, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	a, b, err := n.pair("link stats", from, to)
	if err != nil {
		return LinkStats{}, err
	}
	if i := b.id - 1; i < len(a.out) && a.out[i] != nil {
		return a.out[i].stats, nil
	}
	return LinkStats{From: from, To: to}, nil
}

// Totals sums every link's counters, plus the sends refused because the
// destination host does not exist (which belong to no link).
func (n *Network) Totals() LinkStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	t := LinkStats{Refused: n.refusedUnknown}
	for _, l := range n.links {
		t.add(l.stats)
	}
	return t
}
