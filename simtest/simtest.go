package simtest

import (
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
// at the first run that fails: a panic, a deadlock, a leaked goroutine, a
// budget used up (see [sim.Failure] for every kind). Before the seeds it
// replays the schedules saved by earlier failures of the same test. Run
// returns after the first failure, or when every run has passed; it never
// calls t.FailNow, so a test may go on to check more after it.
//
// body must follow the rules of package sim: it reaches goroutines,
// channels, locks and time only through rt. Call Run once per test or
// subtest: saved schedules belong to the test's name, so a second Run in the
// same test would replay the first one's schedules against another body.
func Run(t TB, body func(rt sim.Runtime), opts ...Option) {
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
}

type runner struct {
	t    TB
	body func(sim.Runtime)
	cfg  config
	dir  string // where this test's schedules live

	runs int // worlds run, checks included
	// sizer learns the length of this test's runs for PCT, from the saved
	// schedules and the seeds in the order they run (see sim.PCTSizer).
	sizer   *sim.PCTSizer
	steps   int64
	elapsed time.Duration
}

func run(t TB, body func(sim.Runtime), opts []Option, fv flagValues) {
	t.Helper()
	cfg, err := resolve(opts, fv)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	r := &runner{t: t, body: body, cfg: cfg, dir: testDir(cfg.testdata, t.Name()), sizer: sim.NewPCTSizer(0)}
	seeds := make([]uint64, 0, cfg.seeds)
	if cfg.only != nil {
		seeds = append(seeds, *cfg.only)
	} else {
		for i := range cfg.seeds {
			seeds = append(seeds, uint64(i))
		}
	}
	saving := "on"
	if !cfg.persist {
		saving = "off"
	}
	t.Logf("simtest: strategy %s, %s; saved schedules in %s (saving %s)", strategyString(cfg.strategy, cfg.depth), seedRange(seeds), display(r.dir), saving)

	replayed := 0
	if cfg.only != nil {
		t.Logf("simtest: -execsim.seed given: the saved schedules are not replayed")
	} else {
		var ok bool
		if replayed, ok = r.replaySaved(); !ok {
			return
		}
	}
	for i, seed := range seeds {
		a := attempt{seed: seed, strategy: cfg.strategy, depth: cfg.depth}
		if a.strategy == strategyPCT {
			a.pctSteps = r.pctSteps()
		}
		res, _ := r.start(a, false)
		r.sizer.Observe(res)
		if res.Failure != nil {
			strategy := strategyString(a.strategy, a.depth)
			if a.strategy == strategyPCT {
				strategy += fmt.Sprintf(" sized for %d steps", a.pctSteps)
			}
			r.fail(a, res, "", fmt.Sprintf("seed %d (run %d of %d), strategy %s", seed, i+1, len(seeds), strategy))
			return
		}
	}
	t.Logf("simtest: passed: %d saved schedule(s) and %s, %d steps and %v of virtual time in all", replayed, seedRange(seeds), r.steps, r.elapsed)
}

func seedRange(seeds []uint64) string {
	switch len(seeds) {
	case 1:
		return fmt.Sprintf("seed %d", seeds[0])
	default:
		return fmt.Sprintf("%d seeds %d..%d", len(seeds), seeds[0], seeds[len(seeds)-1])
	}
}

// start runs the body once for a; keep keeps the whole trace. For a saved
// schedule it also returns the Replay, which knows whether the schedule
// still fits.
func (r *runner) start(a attempt, keep bool) (*sim.Result, *sim.Replay) {
	o := r.cfg.world
	o.Seed = a.seed
	o.KeepTrace = o.KeepTrace || keep
	o.Chooser = chooser(a.strategy, a.depth, a.pctSteps, a.seed)
	var rep *sim.Replay
	if a.file != "" {
		rep = sim.NewReplay(a.choices, o.Chooser)
		o.Chooser = rep
	}
	res := sim.Run(o, r.body)
	r.runs++
	r.steps += res.Steps
	r.elapsed += res.Elapsed
	return res, rep
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
		a, err := fromSchedule(path, s)
		if err != nil {
			t.Errorf("%v (fix or delete the file)", err)
			return n, false
		}
		res, rep := r.start(a, false)
		r.sizer.Observe(res)
		n++
		stale := staleness(a, rep)
		if res.Failure != nil {
			where := fmt.Sprintf("saved schedule %s (seed %d, strategy %s", display(path), a.seed, strategyString(a.strategy, a.depth))
			if a.kind != "" {
				where += ", recorded " + a.kind
			}
			r.fail(a, res, stale, where+")")
			return n, false
		}
		if stale != "" {
			t.Logf("simtest: saved schedule %s no longer fits the code: %s; the run went on with a fallback seeded from the file and passed, so the file no longer reproduces the %s it recorded: delete it, or keep it as one more seed", display(path), stale, orUnknown(a.kind))
			continue
		}
		t.Logf("simtest: saved schedule %s (recorded %s) passes now", display(path), orUnknown(a.kind))
	}
	return n, true
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
func (r *runner) fail(a attempt, res *sim.Result, stale, where string) {
	t := r.t
	t.Helper()
	f := res.Failure
	var b strings.Builder
	command := r.command(a)
	if f.Kind != sim.KindBlocked { // an abandoned world has no schedule, and would block again
		if nd := r.selfCheck(a, res); nd != nil {
			fmt.Fprintf(&b, "simtest: %s: nondeterministic\n\n", where)
			fmt.Fprintf(&b, "The run failed, but a replay of its own schedule took another path, so the failure is not\n")
			fmt.Fprintf(&b, "fixed by its seed. The run's failure: %v\n\n", f)
			fmt.Fprintf(&b, "%s\n\n", nd)
			b.WriteString("The body depends on something the seed does not fix: the wall clock, a global variable, map order,\n")
			b.WriteString("or a go statement, channel or lock outside the kit (see the rules in package sim's documentation).\n")
			b.WriteString("\nno schedule saved: it would not replay\n")
			fmt.Fprintf(&b, "\nrun again from the module root (it may not fail the same way):\n    %s", command)
			t.Errorf("%s", b.String())
			return
		}
	}
	fmt.Fprintf(&b, "simtest: %s: %s\n\n", where, f.Kind)
	b.WriteString(f.Report())
	if stale != "" {
		fmt.Fprintf(&b, "\nnote: the saved schedule no longer fits the code: %s; the run went on with a fallback seeded from the file, and failed\n", stale)
	}
	if a.file != "" && a.kind != "" && a.kind != string(f.Kind) {
		fmt.Fprintf(&b, "\nnote: the file recorded a %s failure; the run failed with %s\n", a.kind, f.Kind)
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
		if err := save(path, r.t.Name(), a, res, command); err != nil {
			fmt.Fprintf(&b, "\nno schedule saved: %v\n", err)
		} else {
			fmt.Fprintf(&b, "\nschedule saved to %s: every run of this test replays it first\n", display(path))
		}
	}
	fmt.Fprintf(&b, "\nreproduce from the module root:\n    %s", command)
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

// selfCheck replays a failed run's schedule and compares the paths. It
// returns nil if they are the same, and where they part otherwise.
func (r *runner) selfCheck(a attempt, res *sim.Result) *Nondeterminism {
	// The replay answers from the recorded schedule; the file name only
	// makes start build a Replay.
	again := attempt{seed: a.seed, strategy: a.strategy, depth: a.depth, pctSteps: a.pctSteps, file: "(self-check)", choices: res.Schedule()}
	replay, rep := r.start(again, false)
	if replay.Hash == res.Hash {
		return nil
	}
	nd := &Nondeterminism{Index: -1, Seed: a.seed, RunHash: res.Hash, ReplayHash: replay.Hash, Divergence: rep.Divergence()}
	// The runs kept only their tails; keeping whole traces in every run
	// would cost memory at every seed. Run both again, whole, to find where
	// the paths part. A nondeterministic body may take the same path twice
	// by chance, so try a few times for a pair that differs.
	for range 3 {
		orig, _ := r.start(a, true)
		replay, rep := r.start(again, true)
		if orig.Hash != replay.Hash {
			nd = diffTraces(orig.Trace, replay.Trace)
			nd.Seed, nd.RunHash, nd.ReplayHash, nd.Divergence = a.seed, orig.Hash, replay.Hash, rep.Divergence()
			break
		}
	}
	return nd
}
