package simtest

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/sim"
)

// Nondeterminism is the evidence that a body is not fixed by its seed: a
// run and a replay of that run's schedule made the same decisions but took
// different paths. The first event where their traces differ says where the
// body did something the world does not control (read the wall clock or a
// global variable, ranged over a map, used a raw go statement or channel).
type Nondeterminism struct {
	Seed uint64
	// Index is the position of the first differing event in the two
	// traces, from 0; -1 if the difference could not be located: the two
	// runs differed, but no later pair of runs did, so no whole traces
	// show where.
	Index int
	// Step is the world's step at that event.
	Step int64
	// Run and Replay are the first differing events; nil where that trace
	// had already ended.
	Run, Replay *sim.Event
	// RunHash and ReplayHash are the two runs' trace hashes
	// (sim.Result.Hash).
	RunHash, ReplayHash uint64
	// Divergence is where the replay stopped fitting the recorded schedule,
	// if it did: a nondeterministic body usually asks other questions.
	Divergence *sim.Divergence
}

// String says what differs, on a few lines: the verdict, then both events.
func (n *Nondeterminism) String() string {
	var b strings.Builder
	if n.Index < 0 {
		fmt.Fprintf(&b, "nondeterministic: seed %d: the run (hash %016x) and the replay of its schedule (hash %016x) took different paths; the difference could not be located, as no later pair of runs differed", n.Seed, n.RunHash, n.ReplayHash)
	} else {
		fmt.Fprintf(&b, "nondeterministic: seed %d: a replay of the run's own schedule took another path: first difference at event %d (step %d)\n", n.Seed, n.Index, n.Step)
		fmt.Fprintf(&b, "    run:    %s\n", eventString(n.Run))
		fmt.Fprintf(&b, "    replay: %s", eventString(n.Replay))
	}
	if n.Divergence != nil {
		fmt.Fprintf(&b, "\n    the replay then stopped fitting the schedule: %s", n.Divergence)
	}
	return b.String()
}

func eventString(e *sim.Event) string {
	if e == nil {
		return "(the trace had ended)"
	}
	s := strings.TrimSpace(e.String())
	if at := e.Caller(); at != "" {
		s += "\n            at " + at
	}
	return s
}

// CheckDeterminism runs body once with opts and once more replaying the
// schedule the first run took (sim.NewReplay), both keeping their whole
// trace (memory in proportion to the run's length), and compares them. It
// returns nil if the two runs took the same path (same trace hash), and
// otherwise the first difference, with the source line of each differing
// event's kit call when a further pair of replays, recording every event's
// caller (a stack walk per event, paid only then), differs too. A failure of
// the body is not an error here: a failing run must be as reproducible as
// a passing one.
//
// opts.Chooser, if set, makes the first run's decisions (the second run
// replays them); nil means a random walk seeded with opts.Seed. The error
// is for runs that cannot be compared: a world abandoned to a goroutine
// blocked outside the kit, or a Chooser that panicked.
func CheckDeterminism(opts sim.Options, body func(rt sim.Runtime)) (nd *Nondeterminism, err error) {
	defer func() {
		// sim.Run re-raises a panic of the Chooser in its caller; a CLI
		// checking a sample of seeds wants it as an error.
		if p := recover(); p != nil {
			nd, err = nil, fmt.Errorf("simtest: checking seed %d: the chooser panicked: %v", opts.Seed, p)
		}
	}()
	first := opts
	first.KeepTrace = true
	r1 := sim.Run(first, body)
	if r1.Failure != nil && r1.Failure.Kind == sim.KindBlocked {
		return nil, fmt.Errorf("simtest: checking seed %d: the world was abandoned, so it cannot be replayed: %v", opts.Seed, r1.Failure)
	}
	schedule := r1.Schedule()
	replay := func(keep bool) (*sim.Result, *sim.Replay) {
		o := opts
		o.KeepTrace, o.CallerPCs = true, o.CallerPCs || keep
		rep := sim.NewReplay(schedule, sim.NewRandom(opts.Seed))
		o.Chooser = rep
		return sim.Run(o, body), rep
	}
	r2, rep := replay(false)
	if r1.Hash == r2.Hash {
		return nil, nil
	}
	nd = diffTraces(r1.Trace, r2.Trace)
	nd.Seed, nd.RunHash, nd.ReplayHash, nd.Divergence = opts.Seed, r1.Hash, r2.Hash, rep.Divergence()
	// Only now record the kit calls' lines: two more replays of the same
	// schedule, which a nondeterministic body may again take apart; a few
	// tries for a pair that differs, else the first pair's difference,
	// without lines.
	for range 3 {
		a, _ := replay(true)
		b, rep := replay(true)
		if a.Hash != b.Hash {
			nd = diffTraces(a.Trace, b.Trace)
			nd.Seed, nd.RunHash, nd.ReplayHash, nd.Divergence = opts.Seed, a.Hash, b.Hash, rep.Divergence()
			break
		}
	}
	return nd, nil
}

// diffTraces finds the first event where two whole traces differ; Index is
// -1 if they do not (the hashes differed elsewhere: in a run not kept).
func diffTraces(a, b []sim.Event) *Nondeterminism {
	for i := 0; i < max(len(a), len(b)); i++ {
		var ea, eb *sim.Event
		if i < len(a) {
			ea = &a[i]
		}
		if i < len(b) {
			eb = &b[i]
		}
		if ea != nil && eb != nil && *ea == *eb {
			continue
		}
		n := &Nondeterminism{Index: i, Run: ea, Replay: eb}
		if ea != nil {
			n.Step = ea.Step
		} else {
			n.Step = eb.Step
		}
		return n
	}
	return &Nondeterminism{Index: -1}
}
