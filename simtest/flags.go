package simtest

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// flagValues are the -execsim.* flags of the command line and the
// EXECSIM_* environment variables, and which of them were given.
type flagValues struct {
	seeds       int
	seed        uint64
	strategy    string
	depth       int
	pctSteps    int64
	persist     bool
	start       string // a seed, or "random"
	shard       string // K/N
	budget      time.Duration
	determinism int
	trace       string
	shrink      bool
	horizon     time.Duration
	nowTick     time.Duration
	steps       int64
	set         map[string]bool // flag name without the "execsim." prefix
	// err is the first environment variable that did not parse.
	err error
}

// The flags live in the standard flag set, registered when the test binary
// starts, so that `go test ./pkg -execsim.seed=N` reaches them. A go test
// run over packages that do not import simtest rejects them, so every flag
// has an environment variable too, which such packages ignore:
// EXECSIM_SEEDS=1000 go test ./... is the form for CI.
var cmdline = flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, determinism: DefaultDeterminismEvery}

func init() {
	flag.IntVar(&cmdline.seeds, "execsim.seeds", DefaultSeeds, "simtest: how many seeds each simtest.Run tries (`N`; env EXECSIM_SEEDS)")
	flag.Uint64Var(&cmdline.seed, "execsim.seed", 0, "simtest: run only this `seed` (and skip the persisted schedules; env EXECSIM_SEED)")
	flag.StringVar(&cmdline.strategy, "execsim.strategy", strategyRandom, "simtest: the scheduling `strategy`: random or pct (env EXECSIM_STRATEGY)")
	flag.IntVar(&cmdline.depth, "execsim.depth", 0, "simtest: PCT's `depth` (-execsim.strategy=pct only; 0 means 3; env EXECSIM_DEPTH)")
	flag.Int64Var(&cmdline.pctSteps, "execsim.pct-steps", 0, "simtest: the run length `N`, in scheduling points, PCT is sized for (-execsim.strategy=pct only; 0 learns it from the test's runs; env EXECSIM_PCT_STEPS)")
	flag.BoolVar(&cmdline.persist, "execsim.persist", true, "simtest: save failing schedules under testdata/execsim/ (env EXECSIM_PERSIST)")
	flag.StringVar(&cmdline.start, "execsim.start", "0", "simtest: the first `seed`, or random to draw one (printed) each run (env EXECSIM_START)")
	flag.StringVar(&cmdline.shard, "execsim.shard", "1/1", "simtest: run shard `K/N` of the seeds: every N-th, from the K-th (env EXECSIM_SHARD)")
	flag.DurationVar(&cmdline.budget, "execsim.for", 0, "simtest: run seeds until this `duration` of wall-clock time has passed (env EXECSIM_FOR)")
	flag.IntVar(&cmdline.determinism, "execsim.determinism", DefaultDeterminismEvery, "simtest: replay every `N`-th passing run to check it is fixed by its seed; 0 never (env EXECSIM_DETERMINISM)")
	flag.StringVar(&cmdline.trace, "execsim.trace", "", "simtest: write the failing run's trace to `file` (.json: Perfetto; else text; env EXECSIM_TRACE)")
	flag.BoolVar(&cmdline.shrink, "execsim.shrink", false, "simtest: shrink the failing schedule before reporting and saving it (env EXECSIM_SHRINK)")
	flag.Int64Var(&cmdline.steps, "execsim.steps", 0, "simtest: the step budget `N` of each world (sim.Options.StepsMax, at most 10^9); 0: the world's (env EXECSIM_STEPS)")
	flag.DurationVar(&cmdline.horizon, "execsim.horizon", 0, "simtest: let a timer due within `D` of now fire between two steps of running code (sim.Options.TimerHorizon); 0 turns it off (env EXECSIM_HORIZON)")
	flag.DurationVar(&cmdline.nowTick, "execsim.now-tick", 0, "simtest: the virtual time `D` each read of the clock takes (sim.Options.NowTick, at most 1ms); 0: none (env EXECSIM_NOW_TICK)")
}

// envNames maps each flag (without its "execsim." prefix) to its
// environment variable.
var envNames = map[string]string{
	"seeds": "EXECSIM_SEEDS", "seed": "EXECSIM_SEED", "strategy": "EXECSIM_STRATEGY",
	"depth": "EXECSIM_DEPTH", "pct-steps": "EXECSIM_PCT_STEPS", "persist": "EXECSIM_PERSIST",
	"start": "EXECSIM_START", "shard": "EXECSIM_SHARD", "for": "EXECSIM_FOR",
	"determinism": "EXECSIM_DETERMINISM", "trace": "EXECSIM_TRACE", "shrink": "EXECSIM_SHRINK",
	"horizon": "EXECSIM_HORIZON", "now-tick": "EXECSIM_NOW_TICK", "steps": "EXECSIM_STEPS",
}

// commandLine returns the environment variables overlaid by the flags as
// parsed: a flag given wins over its variable. flag.Visit reports only the
// flags given, which is how a flag set to its default value still counts
// (-execsim.seed=0).
func commandLine() flagValues {
	fv := fromEnv(cmdline, os.Getenv)
	if flag.Parsed() {
		flag.Visit(func(f *flag.Flag) {
			if name, ok := strings.CutPrefix(f.Name, "execsim."); ok {
				fv.set[name] = true
				copyFlag(&fv, cmdline, name)
			}
		})
	}
	return fv
}

// copyFlag copies the flag name from src to dst.
func copyFlag(dst *flagValues, src flagValues, name string) {
	switch name {
	case "seeds":
		dst.seeds = src.seeds
	case "seed":
		dst.seed = src.seed
	case "strategy":
		dst.strategy = src.strategy
	case "depth":
		dst.depth = src.depth
	case "pct-steps":
		dst.pctSteps = src.pctSteps
	case "persist":
		dst.persist = src.persist
	case "start":
		dst.start = src.start
	case "shard":
		dst.shard = src.shard
	case "for":
		dst.budget = src.budget
	case "determinism":
		dst.determinism = src.determinism
	case "trace":
		dst.trace = src.trace
	case "shrink":
		dst.shrink = src.shrink
	case "horizon":
		dst.horizon = src.horizon
	case "now-tick":
		dst.nowTick = src.nowTick
	case "steps":
		dst.steps = src.steps
	}
}

// fromEnv is defaults with the EXECSIM_* variables that getenv finds set
// (to anything but "") taken as if their flags were given.
func fromEnv(defaults flagValues, getenv func(string) string) flagValues {
	fv := defaults
	fv.set = map[string]bool{}
	for _, name := range []string{"seeds", "seed", "strategy", "depth", "pct-steps", "persist", "start", "shard", "for", "determinism", "trace", "shrink", "horizon", "now-tick", "steps"} {
		v := getenv(envNames[name])
		if v == "" {
			continue
		}
		if err := parseEnv(&fv, name, v); err != nil {
			if fv.err == nil {
				fv.err = fmt.Errorf("simtest: %s=%s: %w", envNames[name], v, err)
			}
			continue
		}
		fv.set[name] = true
	}
	return fv
}

func parseEnv(fv *flagValues, name, v string) error {
	var err error
	switch name {
	case "seeds":
		fv.seeds, err = strconv.Atoi(v)
	case "seed":
		fv.seed, err = strconv.ParseUint(v, 10, 64)
	case "strategy":
		fv.strategy = v
	case "depth":
		fv.depth, err = strconv.Atoi(v)
	case "pct-steps":
		fv.pctSteps, err = strconv.ParseInt(v, 10, 64)
	case "persist":
		fv.persist, err = strconv.ParseBool(v)
	case "start":
		fv.start = v
	case "shard":
		fv.shard = v
	case "for":
		fv.budget, err = time.ParseDuration(v)
	case "determinism":
		fv.determinism, err = strconv.Atoi(v)
	case "trace":
		fv.trace = v
	case "shrink":
		fv.shrink, err = strconv.ParseBool(v)
	case "horizon":
		fv.horizon, err = time.ParseDuration(v)
	case "now-tick":
		fv.nowTick, err = time.ParseDuration(v)
	case "steps":
		fv.steps, err = strconv.ParseInt(v, 10, 64)
	}
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		err = ne.Err
	}
	return err
}
