package simtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
)

// DefaultSeeds is how many seeds Run tries when neither [Seeds] nor
// -execsim.seeds says otherwise.
const DefaultSeeds = 100

// The strategies, as -execsim.strategy and the schedule files name them:
// sim's one list (sim.Strategies), with its default depth.
const (
	strategyRandom  = string(sim.StrategyRandom)
	strategyPCT     = string(sim.StrategyPCT)
	pctDepthDefault = sim.PCTDepthDefault
)

// The bounds of the numbers simtest takes from options, flags and saved
// files, checked before they size anything: PCT draws depth-1 change
// points per run, and Run lists its seeds before running them.
const (
	// depthMax is PCT's largest depth (sim.PCTDepthMax, as in simrun).
	depthMax = sim.PCTDepthMax
	// seedsMax is the most seeds one Run tries.
	seedsMax = 1_000_000
	// pctStepsMax is the longest run PCT may be sized for, as in simrun.
	pctStepsMax = 1_000_000_000_000
	// shardsMax is the most shards -execsim.shard splits the seeds into.
	shardsMax = 1 << 16
	// forMax is the longest time budget -execsim.for gives.
	forMax = 7 * 24 * time.Hour
	// horizonMax bounds -execsim.horizon: a step of running code that
	// takes a day of virtual time is past any timeout worth testing.
	horizonMax = 24 * time.Hour
	// nowTickMax bounds -execsim.now-tick, as sim.Options.Validate does.
	nowTickMax = time.Millisecond
	// stepsMax bounds -execsim.steps: the choice log of a run that long
	// is about a gigabyte.
	stepsMax = 1_000_000_000
	// startRandomMax bounds a random start seed, so that start plus any
	// seed count stays far from wrapping and the number is easy to paste.
	startRandomMax = 1 << 48
)

// DefaultDeterminismEvery is how often Run replays a passing seed to check
// that it is fixed by its seed: every 10th passing run, from the first.
const DefaultDeterminismEvery = 10

// An Option changes how [Run] explores a body. Options are behavioural
// switches; the world's numeric knobs go in one [sim.Options] given to
// [World]. Giving the same option twice is an error that names it, rather
// than a silent "last one wins".
type Option struct {
	name  string
	apply func(*config) error
}

// Seeds sets how many seeds Run tries: 0, 1, ..., n-1 (default
// [DefaultSeeds]). The flag -execsim.seeds overrides it, and -execsim.seed
// replaces it by one seed.
func Seeds(n int) Option {
	return Option{"Seeds", func(c *config) error {
		if n < 1 || n > seedsMax {
			return fmt.Errorf("simtest: Seeds(%d): want 1 to %d", n, seedsMax)
		}
		c.seeds = n
		return nil
	}}
}

// PCT makes Run explore with probabilistic concurrency testing
// ([sim.NewPCT]) of the given depth (0 means 3) instead of a random walk.
// PCT's change points are drawn over the length of the test's runs, learnt
// as the seeds go ([sim.PCTSizer]: the first seed assumes
// [sim.PCTStepsDefault] scheduling points, each later one the longest run
// so far). A failure's reproducing command gives the length its seed was
// sized for as -execsim.pct-steps, so that the seed alone runs the same.
// The flags -execsim.strategy, -execsim.depth and -execsim.pct-steps
// override it.
func PCT(depth int) Option {
	return Option{"PCT", func(c *config) error {
		if depth < 0 || depth > depthMax {
			return fmt.Errorf("simtest: PCT(%d): want a depth of 1 to %d, or 0 for %d", depth, depthMax, pctDepthDefault)
		}
		if depth == 0 {
			depth = pctDepthDefault
		}
		c.strategy, c.depth = strategyPCT, depth
		return nil
	}}
}

// World sets the numeric knobs of every world Run makes: StepsMax,
// VirtualTimeMax, Settle, TraceTail, Watchdog, KeepTrace, TimerHorizon and
// NowTick, with the defaults [sim.Options] documents for the fields left
// zero (-execsim.horizon and -execsim.now-tick override the last two). Seed and
// Chooser must stay unset: Run sets them for each seed (see [Seeds],
// [PCT] and the flags), and a fixed one would make every seed the same run.
func World(o sim.Options) Option {
	return Option{"World", func(c *config) error {
		if o.Seed != 0 {
			return fmt.Errorf("simtest: World: sim.Options.Seed is %d: Run sets the seed of each world (use Seeds, or -execsim.seed)", o.Seed)
		}
		if o.Chooser != nil {
			return fmt.Errorf("simtest: World: sim.Options.Chooser is set: Run makes each world's Chooser from the strategy (use PCT, or -execsim.strategy)")
		}
		if err := o.Validate(); err != nil {
			return fmt.Errorf("simtest: World: %w", err)
		}
		c.world = o
		return nil
	}}
}

// Testdata sets the directory under which failing schedules are saved and
// from which they are replayed: <dir>/execsim/<TestName>/. The default is
// "testdata", the package's own testdata directory. Tests of code that
// calls Run on purpose with failing bodies give it t.TempDir().
func Testdata(dir string) Option {
	return Option{"Testdata", func(c *config) error {
		if dir == "" {
			return fmt.Errorf("simtest: Testdata: empty directory")
		}
		c.testdata = dir
		return nil
	}}
}

// NoPersist stops Run from saving failing schedules, like
// -execsim.persist=false. Schedules already saved are still replayed first:
// reading them changes nothing on disk.
func NoPersist() Option {
	return Option{"NoPersist", func(c *config) error {
		c.persist = false
		return nil
	}}
}

// NoJoinCheck turns off the default join check: that every goroutine the
// body starts has ended when the body returns. The world's leak check
// (after Settle) still runs. Use it for a body that leaves work running on
// purpose, to be stopped by something it does not wait for.
func NoJoinCheck() Option {
	return Option{"NoJoinCheck", func(c *config) error {
		c.join = false
		return nil
	}}
}

// DeterminismEvery sets how often Run replays a passing run from its own
// schedule to check that the seed fixes it: every n-th passing run, the
// first included (default [DefaultDeterminismEvery]; 1 checks them all; 0
// none). A replay that takes another path fails the test as
// nondeterministic, with the first events that differ and the source
// lines of their kit calls. -execsim.determinism overrides it.
func DeterminismEvery(n int) Option {
	return Option{"DeterminismEvery", func(c *config) error {
		if n < 0 || n > seedsMax {
			return fmt.Errorf("simtest: DeterminismEvery(%d): want 0 (off) to %d", n, seedsMax)
		}
		c.detEvery = n
		return nil
	}}
}

// config is what Run does, once the options and the flags are combined.
type config struct {
	seeds    int
	only     *uint64 // -execsim.seed: run this seed alone
	strategy string
	depth    int // PCT only
	// pctSteps, when not 0, is the run length every seed's PCT is sized
	// for (-execsim.pct-steps), instead of one learnt from earlier runs.
	pctSteps int64
	world    sim.Options
	testdata string
	persist  bool
	join     bool // the join check when the body returns
	detEvery int  // replay every detEvery-th passing run; 0: never
	// start is the first seed; startRandom: draw it when Run starts.
	start       uint64
	startRandom bool
	// shardK of shardN (from 1): run every shardN-th seed, the shardK-th first.
	shardK, shardN int
	budget         time.Duration // -execsim.for: run seeds until it has passed; 0: no budget
	seedsGiven     bool          // the seed count came from Seeds or -execsim.seeds
	trace          string        // write the failing run's trace here
	shrink         bool          // shrink the failing schedule before saving it
	// extra are the command-line flags a reproducing command must repeat
	// because they changed the run (-execsim.strategy, -execsim.depth).
	extra []string
}

// resolve combines the options and the flags; flags given on the command
// line win, because the person who typed them knows what they want to run.
func resolve(opts []Option, fv flagValues) (config, error) {
	c := config{seeds: DefaultSeeds, strategy: strategyRandom, testdata: "testdata", persist: true, join: true, detEvery: DefaultDeterminismEvery, shardK: 1, shardN: 1}
	given := map[string]bool{}
	for _, o := range opts {
		if o.apply == nil {
			return c, fmt.Errorf("simtest: a zero Option: make options with the functions of package simtest")
		}
		if given[o.name] {
			return c, fmt.Errorf("simtest: option %s given twice", o.name)
		}
		given[o.name] = true
		if err := o.apply(&c); err != nil {
			return c, err
		}
	}
	c.seedsGiven = given["Seeds"]
	if fv.err != nil {
		return c, fv.err
	}
	if fv.set["seed"] && fv.set["seeds"] {
		return c, fmt.Errorf("simtest: -execsim.seed and -execsim.seeds conflict: give one seed or a number of seeds")
	}
	if fv.set["seeds"] {
		if fv.seeds < 1 || fv.seeds > seedsMax {
			return c, fmt.Errorf("simtest: -execsim.seeds: %d: want 1 to %d", fv.seeds, seedsMax)
		}
		c.seeds = fv.seeds
		c.seedsGiven = true
	}
	if fv.set["seed"] {
		seed := fv.seed
		c.only = &seed
	}
	if fv.set["strategy"] {
		switch fv.strategy {
		case strategyRandom:
			c.strategy, c.depth = strategyRandom, 0
		case strategyPCT:
			if c.strategy != strategyPCT {
				c.strategy, c.depth = strategyPCT, pctDepthDefault
			}
		default:
			return c, fmt.Errorf("simtest: -execsim.strategy: unknown strategy %q (known: %s)", fv.strategy, sim.StrategyNames())
		}
		c.extra = append(c.extra, "-execsim.strategy="+fv.strategy)
	}
	if fv.set["depth"] {
		if c.strategy != strategyPCT {
			return c, fmt.Errorf("simtest: -execsim.depth: only the pct strategy has a depth (add -execsim.strategy=pct)")
		}
		if fv.depth < 0 || fv.depth > depthMax {
			return c, fmt.Errorf("simtest: -execsim.depth: %d: want 1 to %d, or 0 for %d", fv.depth, depthMax, pctDepthDefault)
		}
		c.depth = fv.depth
		if c.depth == 0 {
			c.depth = pctDepthDefault
		}
		c.extra = append(c.extra, fmt.Sprintf("-execsim.depth=%d", fv.depth))
	}
	if fv.set["pct-steps"] {
		if c.strategy != strategyPCT {
			return c, fmt.Errorf("simtest: -execsim.pct-steps: only the pct strategy is sized (add -execsim.strategy=pct)")
		}
		if fv.pctSteps < 0 || fv.pctSteps > pctStepsMax {
			return c, fmt.Errorf("simtest: -execsim.pct-steps: %d: want 1 to %d, or 0 to learn it from the test's runs", fv.pctSteps, int64(pctStepsMax))
		}
		c.pctSteps = fv.pctSteps
		if c.pctSteps > 0 {
			c.extra = append(c.extra, fmt.Sprintf("-execsim.pct-steps=%d", fv.pctSteps))
		}
	}
	if fv.set["persist"] && !fv.persist {
		c.persist = false
	}
	if err := resolveClock(&c, fv); err != nil {
		return c, err
	}
	if err := resolveCI(&c, fv); err != nil {
		return c, err
	}
	return c, nil
}

// resolveClock takes the flags for how the world's clock moves while code
// runs (timers that may fire between two steps, what a read of the clock
// costs) and how long a run may be. They change the run, so a reproducing
// command repeats them.
func resolveClock(c *config, fv flagValues) error {
	if fv.set["steps"] {
		if fv.steps < 0 || fv.steps > stepsMax {
			return fmt.Errorf("simtest: -execsim.steps: %d: want 1 to %d, or 0 for the world's", fv.steps, stepsMax)
		}
		if fv.steps > 0 {
			c.world.StepsMax = fv.steps
			c.extra = append(c.extra, fmt.Sprintf("-execsim.steps=%d", fv.steps))
		}
	}
	if fv.set["horizon"] {
		if fv.horizon < 0 || fv.horizon > horizonMax {
			return fmt.Errorf("simtest: -execsim.horizon: %v: want 0 (off) to %v", fv.horizon, horizonMax)
		}
		c.world.TimerHorizon = fv.horizon
		c.extra = append(c.extra, "-execsim.horizon="+fv.horizon.String())
	}
	if fv.set["now-tick"] {
		if fv.nowTick < 0 || fv.nowTick > nowTickMax {
			return fmt.Errorf("simtest: -execsim.now-tick: %v: want 0 (reads take no time) to %v", fv.nowTick, nowTickMax)
		}
		c.world.NowTick = fv.nowTick
		c.extra = append(c.extra, "-execsim.now-tick="+fv.nowTick.String())
	}
	return nil
}

// chooser is the strategy's Chooser for one seed; pctSteps is the run
// length PCT is sized for.
func chooser(strategy string, depth int, pctSteps int64, seed uint64) sim.Chooser {
	if strategy == strategyPCT {
		return sim.NewStrategy(sim.StrategyPCT, seed, depth, sim.NewPCTSizer(pctSteps))
	}
	return sim.NewRandom(seed)
}

func strategyString(strategy string, depth int) string {
	if strategy == strategyPCT {
		return fmt.Sprintf("pct depth=%d", depth)
	}
	return strategy
}

// resolveCI takes the flags for runs in CI: where the seeds start, which
// shard of them to run, for how long, and what to do with a failing seed.
func resolveCI(c *config, fv flagValues) error {
	if fv.set["start"] {
		if c.only != nil {
			return fmt.Errorf("simtest: -execsim.start and -execsim.seed conflict: give one seed or where the seeds start")
		}
		if fv.start == "random" {
			c.startRandom = true
		} else {
			n, err := strconv.ParseUint(fv.start, 10, 64)
			if err != nil {
				return fmt.Errorf("simtest: -execsim.start: %q: want a seed (0 to %d) or random", fv.start, uint64(1<<64-1))
			}
			c.start = n
		}
	}
	if fv.set["shard"] {
		k, n, ok := strings.Cut(fv.shard, "/")
		ki, err1 := strconv.Atoi(k)
		ni, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || ni < 1 || ni > shardsMax || ki < 1 || ki > ni {
			return fmt.Errorf("simtest: -execsim.shard: %q: want K/N, 1 <= K <= N <= %d", fv.shard, shardsMax)
		}
		c.shardK, c.shardN = ki, ni
	}
	if fv.set["for"] {
		if fv.budget <= 0 || fv.budget > forMax {
			return fmt.Errorf("simtest: -execsim.for: %v: want a duration above 0 and at most %v", fv.budget, forMax)
		}
		c.budget = fv.budget
		if !c.seedsGiven {
			c.seeds = seedsMax // the budget ends the run, the count only bounds it
		}
	}
	if fv.set["determinism"] {
		if fv.determinism < 0 || fv.determinism > seedsMax {
			return fmt.Errorf("simtest: -execsim.determinism: %d: want 0 (off) to %d", fv.determinism, seedsMax)
		}
		c.detEvery = fv.determinism
	}
	if fv.set["trace"] {
		if fv.trace == "" {
			return fmt.Errorf("simtest: -execsim.trace: empty file name")
		}
		c.trace = fv.trace
	}
	if fv.set["shrink"] {
		c.shrink = fv.shrink
	}
	return nil
}
