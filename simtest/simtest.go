package simtest

import (
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
)

// TB is the part of testing.TB that Run uses: *testing.T, *testing.B,
// *testing.F and testing.TB all satisfy it. It is an interface of its own
// so that a test of code built on Run can pass a recorder and look at what
// Run reported, without failing itself.
type TB interface {
	Helper()
	Name() string
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// Run runs body in a new world for each seed and fails t, with t.Errorf,
// at the first run that fails: a failed check of the body's [T], a panic,
// a deadlock, a goroutine the body started still running when it returned
// (not-joined) or after the world settled (leak), a budget used up (see
// [sim.Failure] for the world's kinds), or a passing run that a replay of
// its own schedule does not repeat (nondeterministic). Before the seeds it
// replays the schedules saved by earlier failures of the same test. Run
// returns after the first failure, or when every run has passed; it never
// calls t.FailNow, so a test may go on to check more after it.
//
// body must follow the rules of package sim: it reaches goroutines,
// channels, locks and time only through its T, which is the world's
// sim.Runtime. Call Run once per test or subtest: saved schedules belong
// to the test's name, so a second Run in the same test would replay the
// first one's schedules against another body.
func Run(t TB, body func(t *T), opts ...Option) {
	t.Helper()
	run(t, body, opts, commandLine())
}

// attempt is one way to run the body: a seed of a strategy, or a saved
// schedule replayed (with a fallback of its seed and strategy).
type attempt struct {
	seed     uint64
	strategy string
	depth    int
	pctSteps int64        // the run length PCT is sized for; 0: the default
	file     string       // the saved schedule, "" for a seed
	choices  []sim.Choice // the saved schedule's choices
	kind     string       // the failure kind the file recorded
	join     *bool        // the join check the file was saved with; nil if it does not say
	// horizon and nowTick are the world's TimerHorizon and NowTick: the
	// configuration's for a seed, the recorded ones for a saved schedule,
	// which replays only under the clock it was recorded with.
	horizon, nowTick time.Duration
}

// outcome is one run of the body.
type outcome struct {
	res     *sim.Result // res.Failure is the run's verdict, the body's checks counted
	rep     *sim.Replay // for a saved schedule: whether it still fits
	t       *T
	skipped bool
}

type runner struct {
	t    TB
	body func(*T)
	cfg  config
	dir  string // where this test's schedules live

	runs int // worlds run, checks included
	// sizer learns the length of this test's runs for PCT, from the saved
	// schedules and the seeds in the order they run (see sim.PCTSizer).
	sizer   *sim.PCTSizer
	steps   int64
	elapsed time.Duration
	skipped int    // runs the body skipped
	skipWhy string // the first one's reason
	// pool lends this test's worlds one another's native goroutines; Run
	// closes it before it returns, so a test's goleak check sees none.
	pool sim.CoroutinePool
}

// randomStart draws the first seed for -execsim.start=random; a variable
// so that a test can fix it.
var randomStart = func() uint64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		return uint64(time.Now().UnixNano())
	}
	return binary.LittleEndian.Uint64(b[:])
}

func run(t TB, body func(*T), opts []Option, fv flagValues) {
	t.Helper()
	cfg, err := resolve(opts, fv)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	r := &runner{t: t, body: body, cfg: cfg, dir: testDir(cfg.testdata, t.Name()), sizer: sim.NewPCTSizer(0)}
	defer r.pool.Close()
	if cfg.startRandom {
		r.cfg.start = randomStart() % startRandomMax
		t.Logf("simtest: start seed %d, drawn at random (-execsim.start=random): a failing seed's command replays it", r.cfg.start)
	}
	plan := r.plan()
	saving := "on"
	if !cfg.persist {
		saving = "off"
	}
	t.Logf("simtest: strategy %s, %s%s; saved schedules in %s (saving %s)", strategyString(cfg.strategy, cfg.depth), plan, clockString(cfg.world), display(r.dir), saving)

	replayed := 0
	if cfg.only != nil {
		t.Logf("simtest: -execsim.seed given: the saved schedules are not replayed")
	} else {
		var ok bool
		if replayed, ok = r.replaySaved(); !ok {
			return
		}
	}
	var deadline time.Time
	if cfg.budget > 0 {
		deadline = time.Now().Add(cfg.budget)
	}
	ran, passed, rechecked := 0, 0, 0
	var first, last uint64
	for i := 0; i < plan.count; i++ {
		if !deadline.IsZero() && ran > 0 && time.Now().After(deadline) {
			break
		}
		seed := plan.seed(i)
		if ran == 0 {
			first = seed
		}
		last = seed
		ran++
		a := attempt{seed: seed, strategy: cfg.strategy, depth: cfg.depth, horizon: cfg.world.TimerHorizon, nowTick: cfg.world.NowTick}
		if a.strategy == strategyPCT {
			a.pctSteps = r.pctSteps()
		}
		o := r.start(a, false, false)
		r.sizer.Observe(o.res)
		strategy := strategyString(a.strategy, a.depth)
		if a.strategy == strategyPCT {
			strategy += fmt.Sprintf(" sized for %d steps", a.pctSteps)
		}
		where := fmt.Sprintf("seed %d (run %d of %s), strategy %s", seed, ran, plan.total(), strategy)
		if o.res.Failure != nil {
			r.fail(a, o, "", where)
			return
		}
		if o.skipped {
			continue
		}
		if cfg.detEvery > 0 && passed%cfg.detEvery == 0 {
			rechecked++
			if nd := r.selfCheck(a, o.res); nd != nil {
				r.nondeterministic(a, where, nd, nil)
				return
			}
		}
		passed++
	}
	if ran > 0 && r.skipped == ran+replayed {
		t.Logf("simtest: every run was skipped: %s", r.skipWhy)
		if s, ok := t.(interface{ SkipNow() }); ok {
			s.SkipNow()
		}
		return
	}
	seeds := fmt.Sprintf("%d seed(s) %d..%d", ran, first, last)
	if ran == 1 {
		seeds = fmt.Sprintf("seed %d", first)
	}
	skipped := ""
	if r.skipped > 0 {
		skipped = fmt.Sprintf(" (%d skipped by the body: %s)", r.skipped, r.skipWhy)
	}
	t.Logf("simtest: passed: %d saved schedule(s) and %s%s, %d replayed to check determinism, %d steps and %v of virtual time in all", replayed, seeds, skipped, rechecked, r.steps, r.elapsed)
}

// start runs the body once for a; keep keeps the whole trace, pcs each
// event's kit call. For a saved schedule the outcome also holds the
// Replay, which knows whether the schedule still fits.
func (r *runner) start(a attempt, keep, pcs bool) outcome {
	o := r.options(a)
	o.KeepTrace = o.KeepTrace || keep
	o.CallerPCs = o.CallerPCs || pcs
	o.Chooser = chooser(a.strategy, a.depth, a.pctSteps, a.seed)
	var rep *sim.Replay
	if a.file != "" {
		rep = sim.NewReplay(a.choices, o.Chooser)
		o.Chooser = rep
	}
	return r.runWith(o, rep)
}

// clockString says how the world's clock moves while code runs, when it
// does: the one line of a passing test's log that explains a timer that
// fired early, or a clock that moved between two reads.
func clockString(o sim.Options) string {
	var s string
	if o.TimerHorizon > 0 {
		s += fmt.Sprintf(", timers within %v may fire mid-step (-execsim.horizon)", o.TimerHorizon)
	}
	if o.NowTick > 0 {
		s += fmt.Sprintf(", a clock read takes %v (-execsim.now-tick)", o.NowTick)
	}
	return s
}

// options are the world's options for a, without its Chooser.
func (r *runner) options(a attempt) sim.Options {
	o := r.cfg.world
	o.Seed, o.TimerHorizon, o.NowTick = a.seed, a.horizon, a.nowTick
	return o
}

// runWith runs the body once in a world with o, and counts the body's
// checks in the verdict.
func (r *runner) runWith(o sim.Options, rep *sim.Replay) outcome {
	t := newT(r.t)
	o.Coroutines = &r.pool
	res := sim.Run(o, func(rt sim.Runtime) {
		t.Runtime = rt
		t.main(r.body, r.cfg.join)
	})
	f, skipped := t.verdict(res)
	if f != nil && f.Kind == KindCheck && len(f.Tail) > o.TraceTail && o.TraceTail > 0 {
		f.Tail = f.Tail[len(f.Tail)-o.TraceTail:]
	}
	res.Failure = f
	if skipped {
		r.skipped++
		if r.skipWhy == "" {
			r.skipWhy = t.skipped
		}
	}
	r.runs++
	r.steps += res.Steps
	r.elapsed += res.Elapsed
	return outcome{res: res, rep: rep, t: t, skipped: skipped}
}

// replaySaved replays this test's saved schedules, in file name order. It
// reports how many it replayed, and false if the test has failed.
//
// A schedule that no longer fits the code is not a failure by itself: code
// changes, and a schedule recorded before the change asks other questions
// than the code now does. Its replay goes on with a fallback seeded from
// the file, so it still tests something, and Run logs where it stopped
// fitting; if the run then fails, the failure is reported with that note.
func (r *runner) replaySaved() (int, bool) {
	t := r.t
	t.Helper()
	entries, err := os.ReadDir(r.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, true
	}
	if err != nil {
		t.Errorf("simtest: reading the saved schedules: %v", err)
		return 0, false
	}
	n := 0
	for _, e := range entries {
		// Directories hold subtests' schedules; dot files are WriteFile's
		// temporary files, or a person's.
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(r.dir, e.Name())
		s, err := sim.ReadScheduleFile(path)
		if errors.Is(err, sim.ErrScheduleVersion) {
			t.Logf("simtest: skipping saved schedule %s: %v", display(path), err)
			continue
		}
		if err != nil {
			t.Errorf("simtest: saved schedule %s: %v (fix or delete the file)", display(path), err)
			return n, false
		}
		a, err := fromSchedule(path, s, r.cfg.world)
		if err != nil {
			t.Errorf("%v (fix or delete the file)", err)
			return n, false
		}
		o := r.start(a, false, false)
		r.sizer.Observe(o.res)
		n++
		stale := staleness(a, o.rep)
		if o.res.Failure != nil {
			where := fmt.Sprintf("saved schedule %s (seed %d, strategy %s", display(path), a.seed, strategyString(a.strategy, a.depth))
			if a.kind != "" {
				where += ", recorded " + a.kind
			}
			r.fail(a, o, stale, where+")")
			return n, false
		}
		if a.join != nil && *a.join != r.cfg.join {
			t.Logf("simtest: saved schedule %s (recorded %s) passes now, but it was saved with the join check %s and runs with it %s: it may not test what it recorded", display(path), orUnknown(a.kind), onOff(*a.join), onOff(r.cfg.join))
			continue
		}
		if stale != "" {
			t.Logf("simtest: saved schedule %s no longer fits the code: %s; the run went on with a fallback seeded from the file and passed, so the file no longer reproduces the %s it recorded: delete it, or keep it as one more seed", display(path), stale, orUnknown(a.kind))
			continue
		}
		t.Logf("simtest: saved schedule %s (recorded %s) passes now", display(path), orUnknown(a.kind))
	}
	return n, true
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func orUnknown(kind string) string {
	if kind == "" {
		return "failure"
	}
	return kind
}

// staleness says how a replayed schedule stopped fitting the run, or "".
func staleness(a attempt, rep *sim.Replay) string {
	if rep == nil {
		return ""
	}
	if d := rep.Divergence(); d != nil {
		return d.String()
	}
	if n := rep.Unused(); n > 0 {
		return fmt.Sprintf("the run ended with %d of the schedule's %d choices unused", n, len(a.choices))
	}
	return ""
}

// fail reports a failed run, after replaying it once more: a failure that
// does not replay is reported as nondeterministic, not as the failure it
// seemed to be, because its seed would send a person chasing a run that
// does not happen again.
func (r *runner) fail(a attempt, o outcome, stale, where string) {
	t := r.t
	t.Helper()
	res := o.res
	f := res.Failure
	if f.Kind != sim.KindBlocked { // an abandoned world has no schedule, and would block again
		if nd := r.selfCheck(a, res); nd != nil {
			r.nondeterministic(a, where, nd, f)
			return
		}
	}
	var b strings.Builder
	command := r.command(a)
	body := o.t
	var shrunk string
	if r.cfg.shrink && f.Kind != sim.KindBlocked {
		o, shrunk = r.shrink(a, o)
		res, f, body = o.res, o.res.Failure, o.t
	}
	fmt.Fprintf(&b, "simtest: %s: %s\n\n", where, f.Kind)
	b.WriteString(failureReport(f))
	if f.Kind == sim.KindSteps {
		b.WriteString("\nif the test is meant to run that long, give it a larger budget: -execsim.steps=N (EXECSIM_STEPS)\n")
	}
	b.WriteString(body.report())
	if shrunk != "" {
		fmt.Fprintf(&b, "\n%s\n", shrunk)
	}
	if stale != "" {
		fmt.Fprintf(&b, "\nnote: the saved schedule no longer fits the code: %s; the run went on with a fallback seeded from the file, and failed\n", stale)
	}
	if a.file != "" && a.kind != "" && a.kind != string(f.Kind) {
		fmt.Fprintf(&b, "\nnote: the file recorded a %s failure; the run failed with %s\n", a.kind, f.Kind)
	}
	if r.cfg.trace != "" && f.Kind != sim.KindBlocked {
		b.WriteString(r.writeTrace(a, res))
	}
	switch {
	case a.file != "":
		fmt.Fprintf(&b, "\nthe schedule is saved in %s: every run of this test replays it first\n", display(a.file))
	case f.Kind == sim.KindBlocked:
		b.WriteString("\nno schedule saved: the world was abandoned, not replayed\n")
	case !r.cfg.persist:
		b.WriteString("\nno schedule saved: saving is off (NoPersist or -execsim.persist=false)\n")
	default:
		path := filepath.Join(r.dir, scheduleName(a))
		if err := save(path, r.t.Name(), a, res, command, r.cfg.join); err != nil {
			fmt.Fprintf(&b, "\nno schedule saved: %v\n", err)
		} else {
			fmt.Fprintf(&b, "\nschedule saved to %s: every run of this test replays it first\n", display(path))
		}
	}
	fmt.Fprintf(&b, "\nreproduce from the module root:\n    %s", command)
	t.Errorf("%s", b.String())
}

// failureReport is the failure's story; a check's own goroutine may be
// unknown (its note left the trace's tail), and then is not named.
func failureReport(f *sim.Failure) string {
	if f.Kind != KindCheck || f.Goroutine.ID != 0 {
		return f.Report()
	}
	g := *f
	g.Goroutine = sim.GoroutineInfo{Name: "?", SpawnSite: "?"}
	return g.Report()
}

// nondeterministic reports that a replay of a run's own schedule took
// another path; failed is the run's failure, nil for a passing run.
func (r *runner) nondeterministic(a attempt, where string, nd *Nondeterminism, failed *sim.Failure) {
	t := r.t
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "simtest: %s: nondeterministic\n\n", where)
	if failed != nil {
		fmt.Fprintf(&b, "The run failed, but a replay of its own schedule took another path, so the failure is not\n")
		fmt.Fprintf(&b, "fixed by its seed. The run's failure: %v\n\n", failed)
	} else {
		fmt.Fprintf(&b, "The run passed, but a replay of its own schedule took another path, so what the seed tests\n")
		fmt.Fprintf(&b, "is not fixed by it: a failure it finds would not replay.\n\n")
	}
	fmt.Fprintf(&b, "%s\n\n", nd)
	b.WriteString("The body depends on something the seed does not fix: the wall clock, a global variable, map order,\n")
	b.WriteString("or a go statement, channel or lock outside the kit (see the rules in package sim's documentation).\n")
	b.WriteString("\nno schedule saved: it would not replay\n")
	fmt.Fprintf(&b, "\nrun again from the module root (it may not differ the same way):\n    %s", r.command(a))
	t.Errorf("%s", b.String())
}

// command is the go test command that runs a again: its seed, or, for a
// saved schedule, the test itself, which replays the file first.
func (r *runner) command(a attempt) string {
	if a.file != "" {
		return reproCommand(r.t.Name())
	}
	extra := append(append([]string(nil), r.cfg.extra...), fmt.Sprintf("-execsim.seed=%d", a.seed))
	if a.strategy == strategyPCT && r.cfg.pctSteps == 0 {
		// The seed's chooser was sized from the runs before it, which the
		// seed alone does not make: give it the same length.
		extra = append(extra, fmt.Sprintf("-execsim.pct-steps=%d", a.pctSteps))
	}
	return reproCommand(r.t.Name(), extra...)
}

// pctSteps is the run length the next seed's PCT is sized for: the one
// -execsim.pct-steps gave, or the sizer's estimate.
func (r *runner) pctSteps() int64 {
	if r.cfg.pctSteps > 0 {
		return r.cfg.pctSteps
	}
	return r.sizer.Steps()
}

// selfCheck replays a run's schedule and compares the paths. It returns
// nil if they are the same, and where they part otherwise.
func (r *runner) selfCheck(a attempt, res *sim.Result) *Nondeterminism {
	// The replay answers from the recorded schedule; the file name only
	// makes start build a Replay.
	again := attempt{seed: a.seed, strategy: a.strategy, depth: a.depth, pctSteps: a.pctSteps, file: "(self-check)", choices: res.Schedule(), horizon: a.horizon, nowTick: a.nowTick}
	replay := r.start(again, false, false)
	if replay.res.Hash == res.Hash {
		return nil
	}
	nd := &Nondeterminism{Index: -1, Seed: a.seed, RunHash: res.Hash, ReplayHash: replay.res.Hash, Divergence: replay.rep.Divergence()}
	// The runs kept only their tails and no source lines; keeping whole
	// traces in every run would cost memory at every seed, and a stack
	// walk per event. Run both again, whole and with the kit calls' lines,
	// to find where the paths part. A nondeterministic body may take the
	// same path twice by chance, so try a few times for a pair that differs.
	for range 3 {
		orig := r.start(a, true, true)
		replay := r.start(again, true, true)
		if orig.res.Hash != replay.res.Hash {
			nd = diffTraces(orig.res.Trace, replay.res.Trace)
			nd.Seed, nd.RunHash, nd.ReplayHash, nd.Divergence = a.seed, orig.res.Hash, replay.res.Hash, replay.rep.Divergence()
			break
		}
	}
	return nd
}
