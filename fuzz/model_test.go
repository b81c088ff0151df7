package fuzz

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
)

// The lifecycle model: a rapid state machine over a coordinator and its
// shards on a fakenet network, run inside one world.
//
// Why not rapid's own T.Repeat: it runs actions in the goroutine that
// calls it, and a rapid failure inside an action unwinds through rapid's
// bookkeeping (open draw groups). Inside a world that goroutine is a
// coroutine the world may end at any step (a panic elsewhere, a leak), so
// the model draws its actions itself, through the world's chooser
// (Runtime.Choose, which simrapid.NewChooser turns into rapid draws): every
// draw, action or schedule, is one rapid value, rapid sees its data
// overrun in the test goroutine (sim.Run re-raises a chooser's panic), and
// rapid shrinks operations and interleaving together. Violations are
// collected, never raised inside the world; the property reports them
// after sim.Run returns.

// The model's actions are the shared lifecycle operations
// (scenarios.Ops, sorted by name, answer 0 first: shrinking towards 0
// turns actions into short waits). random-ops draws the same table; the
// model adds what it expects of the outcomes.

// violation is one expectation of the model that did not hold. Its kind
// is a scenarios.Kind name (leak, panic, hang, lost, wrong-result,
// restart) or "unavailable": a block that met a healthy cluster and was
// left alone did not succeed.
type violation struct {
	kind string
	msg  string
}

// modelRun is the outcome of one run of the model.
type modelRun struct {
	violations []violation
	actions    []string // the effective actions, in order
	result     *sim.Result
}

func (r *modelRun) failed() bool { return len(r.violations) > 0 }

// size is the counterexample's size: effective actions, decisions, and
// non-zero answers (preemptions and unusual draws).
func (r *modelRun) size() (actions, decisions, nonZero int) {
	ch := r.result.Schedule()
	for _, c := range ch {
		if c.Pick != 0 {
			nonZero++
		}
	}
	return len(r.actions), len(ch), nonZero
}

func (r *modelRun) String() string {
	var b strings.Builder
	a, d, nz := r.size()
	fmt.Fprintf(&b, "%d action(s): %s\n", a, strings.Join(r.actions, ", "))
	fmt.Fprintf(&b, "%d decision(s), %d non-zero\n", d, nz)
	for _, v := range r.violations {
		fmt.Fprintf(&b, "%s: %s\n", v.kind, v.msg)
	}
	return strings.TrimRight(b.String(), "\n")
}

// modelOptions are the model's switches.
type modelOptions struct {
	defects []string
}

// runModel runs the model once with chooser making every decision.
func runModel(chooser sim.Chooser, opts modelOptions) *modelRun {
	r := &modelRun{}
	var m *model
	r.result = sim.Run(sim.Options{Chooser: chooser, StepsMax: 200_000}, func(w sim.Runtime) {
		env, err := scenarios.NewWorldEnv(w, opts.defects)
		if err != nil {
			r.violations = append(r.violations, violation{"harness", err.Error()})
			return
		}
		m = &model{w: w, env: env, ops: scenarios.Ops()}
		m.run()
	})
	if m != nil {
		r.violations = append(r.violations, m.violations...)
		r.actions = m.done
	}
	if f := r.result.Failure; f != nil && f.Kind != sim.KindChooser {
		r.violations = append(r.violations, violation{worldKind(f.Kind), f.Error()})
	}
	return r
}

// worldKind maps a world's failure to the property it breaks, as
// scenarios does.
func worldKind(k sim.Kind) string {
	switch k {
	case sim.KindLeak:
		return "leak"
	case sim.KindPanic:
		return "panic"
	case sim.KindDeadlock, sim.KindSteps, sim.KindTime, sim.KindBlocked:
		return "hang"
	}
	return "harness"
}

// model drives a scenarios.Cluster through the shared operations and
// holds what it expects of the blocks: the Cluster checks leaks, hangs,
// lost and wrong results itself; the model adds availability.
type model struct {
	w   sim.Runtime
	env *scenarios.Env
	c   *scenarios.Cluster
	ops []scenarios.Op

	// epoch counts the operations that may disturb a block in flight
	// (Op.Disturbs): a block whose epoch is unchanged at its outcome was
	// left alone.
	epoch   int
	expects []expectation // by ticket id
	judged  int           // tickets judged so far

	done       []string
	violations []violation
}

// expectation is what the model knew of a block when it was submitted,
// and the epoch at its outcome (-1 until then).
type expectation struct {
	healthy      bool // the cluster was healthy when it was submitted
	epoch        int
	outcomeEpoch int
}

func (m *model) fail(kind, format string, args ...any) {
	m.violations = append(m.violations, violation{kind, fmt.Sprintf(format, args...)})
}

func (m *model) failed() bool { return len(m.violations) > 0 || m.env.Failed() }

// run builds the cluster, draws and applies the actions, then shuts
// everything down and checks what is left.
func (m *model) run() {
	c, err := m.env.StartCluster(1 + m.w.Choose("shards", 3))
	if err != nil {
		m.fail("harness", "%v", err)
		m.env.Finish()
		return
	}
	m.c = c
	c.OnOutcome(func(t *scenarios.Ticket) {
		for len(m.expects) <= t.ID { // an outcome before step has recorded the ticket
			m.expects = append(m.expects, expectation{outcomeEpoch: -1})
		}
		m.expects[t.ID].outcomeEpoch = m.epoch
	})
	steps := 1 + m.w.Choose("actions", 24)
	for range steps {
		if m.failed() {
			break
		}
		m.step(m.ops[m.w.Choose("action", len(m.ops))])
		m.check()
	}
	m.finish()
}

// step applies one operation; one that does not apply in the current
// state (start a shard that runs) does nothing and is not counted.
func (m *model) step(op scenarios.Op) {
	healthy := m.c.Healthy()
	before := len(m.c.Tickets())
	if op.Disturbs {
		m.epoch++
	}
	did := op.Run(m.c)
	for id := before; id < len(m.c.Tickets()); id++ {
		for len(m.expects) <= id {
			m.expects = append(m.expects, expectation{outcomeEpoch: -1})
		}
		m.expects[id].healthy, m.expects[id].epoch = healthy, m.epoch
		if healthy {
			did += " (healthy)"
		}
	}
	if did != "" {
		m.done = append(m.done, did)
	}
}

// check is the state machine's invariant, after every action: a shard
// that is shut down runs nothing, no block has two outcomes, and a block
// that met a healthy cluster and was left alone succeeded.
func (m *model) check() {
	for i, s := range m.c.Shards {
		if !m.c.ShardUp(i) && s.Running() > 0 {
			m.fail("leak", "shard %d is shut down but runs %d goroutine(s)", i, s.Running())
		}
	}
	tickets := m.c.Tickets()
	for _, t := range tickets {
		if t.Outcomes() > 1 {
			m.fail("lost", "block %d got %d outcomes", t.ID, t.Outcomes())
		}
	}
	for ; m.judged < len(tickets) && m.expects[m.judged].outcomeEpoch >= 0; m.judged++ {
		t, e := tickets[m.judged], m.expects[m.judged]
		if t.Err != nil && e.healthy && e.epoch == e.outcomeEpoch {
			m.fail("unavailable", "block %d was submitted to a healthy cluster and left alone, but failed: %v", t.ID, t.Err)
		}
	}
}

// finish shuts everything down (Cluster.Close checks that every block
// got exactly one outcome) and collects what the Cluster found broken.
func (m *model) finish() {
	m.epoch++ // the shutdowns below disturb whatever is in flight
	m.env.Net.HealAll()
	m.c.Close()
	m.check()
	m.env.Finish()
	var found []violation // the Cluster's own checks come first
	for _, f := range m.env.Failures() {
		msg := f.Message
		if f.Goroutine != "" {
			msg = "in " + f.Goroutine + ": " + msg
		}
		found = append(found, violation{string(f.Kind), msg})
	}
	m.violations = append(found, m.violations...)
}
