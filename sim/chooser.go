package sim

// Chooser makes every nondeterministic decision of a world: which runnable
// goroutine runs next, which ready case a Select takes, and the draws of
// Runtime.Choose (a network's latency, a scenario's next operation), and,
// with Options.TimerHorizon on, whether a timer fires in the middle of
// running code. Fix the Chooser's answers and the whole run is fixed.
//
// The world asks only when there is a real choice (N >= 2), and records
// every answer in Result.Schedule. The strategies are Choosers
// ([NewRandom], [NewPCT]), and so are the sources that let other tools
// steer a run ([NewReplay], [NewBytes], and rapid's in package
// sim/simrapid, kept apart so that sim does not link rapid).
type Chooser interface {
	// Choose returns a number in [0, d.N).
	Choose(d Decision) int
}

// DecisionKind says what a Decision is about.
type DecisionKind uint8

const (
	// ScheduleDecision picks the goroutine to run next among Decision.IDs.
	ScheduleDecision DecisionKind = iota
	// SelectDecision picks one of a Select's ready cases, in case order.
	SelectDecision
	// DrawDecision is a Runtime.Choose draw; Decision.Label names it.
	DrawDecision
	// TimeDecision comes up at a scheduling point, before the preemption
	// decision, when Options.TimerHorizon is on and the earliest pending
	// timer is due within it: answer 0 (the calm one) leaves the timer for
	// later; 1 moves the clock to it now and fires it, with every timer due
	// at that instant, while the running goroutine is in the middle of its
	// work. N is always 2. NewRandom and NewPCT answer 1 at a rate they
	// draw once per run.
	TimeDecision
)

func (k DecisionKind) String() string {
	switch k {
	case ScheduleDecision:
		return "schedule"
	case SelectDecision:
		return "select"
	case DrawDecision:
		return "draw"
	case TimeDecision:
		return "time"
	}
	return "?"
}

// Decision is one question to a Chooser. Its slices are valid only during
// the call.
type Decision struct {
	Kind DecisionKind
	N    int // number of alternatives, at least 2
	// run, for a ScheduleDecision, is the runnable goroutines in ascending
	// id order (ID and IDs read it). At a kit operation of a running
	// goroutine (Running), answer 0 lets Current go on and answer k > 0
	// preempts it for the k-th of the others; otherwise (it blocked or
	// ended) answer i picks ID(i). Goroutine and Answer map between the
	// two. It is the world's own set, valid only during Choose: building a
	// list for every point was most of a point's cost with many goroutines
	// runnable (issue 19).
	run *runSet
	// Current is the goroutine that was running when the decision came up
	// (or had just blocked or ended; 0 if none): PCT lowers its priority at
	// a change point.
	Current int
	// Running says Current is running and among IDs: the decision is a
	// preemption point (see IDs).
	Running bool
	// Local is how many scheduling points Current has passed: with
	// Current, it names the decision by where it happens in that
	// goroutine's own code, which stays put when other goroutines change
	// (Shrink keys preemptions and early timer fires on it).
	Local int64
	Label string // DrawDecision: the caller's label
	Step  int64  // the world's step count
}

// ID returns the k-th runnable goroutine of a ScheduleDecision, in
// ascending id order (0 <= k < N), in O(log n).
func (d *Decision) ID(k int) int { return d.run.at(k) }

// IDs lists the runnable goroutines of a ScheduleDecision in ascending id
// order. It costs O(n): a chooser that needs a few of them asks ID,
// Goroutine or Answer.
func (d *Decision) IDs() []int {
	if d.run == nil {
		return nil
	}
	return d.run.ids()
}

// Goroutine returns the id of the goroutine that answer i of a
// ScheduleDecision picks.
func (d *Decision) Goroutine(i int) int {
	if !d.Running {
		return d.run.at(i)
	}
	if i == 0 {
		return d.Current
	}
	return d.run.other(d.Current, i)
}

// Answer returns the answer of a ScheduleDecision that picks goroutine
// id, or -1 if id is not runnable.
func (d *Decision) Answer(id int) int {
	if !d.run.has(id) {
		return -1
	}
	p := d.run.rank(id)
	if !d.Running {
		return p
	}
	switch j := d.run.rank(d.Current); {
	case p == j:
		return 0
	case p < j:
		return p + 1
	}
	return p
}

// Choice is one recorded answer of a Chooser.
type Choice struct {
	Kind DecisionKind
	N    int
	Pick int
}
