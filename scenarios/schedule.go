package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/execsim/execsim/sim"
)

// The metadata keys of a schedule file, as [Outcome.Schedule] writes them
// and [ConfigFromSchedule] reads them. They live here, not in each tool,
// so that simrun, the fuzz targets and the rapid tests write files that
// every one of them replays.
const (
	metaScenario = "scenario"
	metaSeed     = "seed"
	metaStrategy = "strategy"
	metaDepth    = "depth"
	metaPCTSteps = "pct-steps"
	metaDefects  = "defects"
	metaEngine   = "engine"
	metaBudget   = "budget-steps"
	// MetaFailure is the failure kind the schedule reproduced when it was
	// written: a replay compares its own verdict with it.
	MetaFailure = "failure"
)

// Schedule returns a schedule file for this run: choices (the run's own,
// o.Result.Schedule(), or a shrunk or fuzzed variant that reproduces it)
// under the metadata that [ConfigFromSchedule] reads back, and the
// failure kind if the run failed. comments become the file's "#" header:
// say there what failed and the command that replays it.
func (o *Outcome) Schedule(choices []sim.Choice, comments ...string) *sim.Schedule {
	s := &sim.Schedule{Comments: comments, Choices: choices}
	s.Set(metaScenario, o.Scenario)
	s.Set(metaSeed, strconv.FormatUint(o.Seed, 10))
	s.Set(metaStrategy, o.Strategy)
	if o.Strategy == StrategyPCT {
		s.Set(metaDepth, strconv.Itoa(o.Depth))
		if o.PCTSteps > 0 {
			s.Set(metaPCTSteps, strconv.FormatInt(o.PCTSteps, 10))
		}
	}
	s.Set(metaDefects, defectsMeta(o.Defects))
	s.Set(metaEngine, o.Engine)
	if o.StepsMax > 0 {
		s.Set(metaBudget, strconv.FormatInt(o.StepsMax, 10))
	}
	if o.Failure != nil {
		s.Set(MetaFailure, string(o.Failure.Kind))
	}
	return s
}

// ConfigFromSchedule reads the configuration of the run a schedule file
// records. The Config has no Chooser: give it sim.NewReplay(s.Choices,
// nil) to replay the file. The Config is checked; errors start with
// "scenarios: schedule: " and name the metadata line at fault. A schedule
// of the real engine is an error: only the sim engine follows a schedule.
func ConfigFromSchedule(s *sim.Schedule) (Config, error) {
	return defaultRegistry.ConfigFromSchedule(s)
}

// ConfigFromSchedule is the package's ConfigFromSchedule for a schedule of
// one of r's scenarios; the Config names r (nil for Default()).
func (r *Registry) ConfigFromSchedule(s *sim.Schedule) (Config, error) {
	var cfg Config
	if r != defaultRegistry {
		cfg.Registry = r
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("scenarios: schedule: "+format, args...)
	}
	var ok bool
	if cfg.Scenario, ok = s.Get(metaScenario); !ok {
		return cfg, bad("no %q metadata line: which scenario does it replay?", "scenario NAME")
	}
	if v, ok := s.Get(metaSeed); ok {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cfg, bad("seed %q: want a whole number", v)
		}
		cfg.Seed = seed
	}
	cfg.Strategy, _ = s.Get(metaStrategy)
	if v, ok := s.Get(metaDepth); ok {
		d, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return cfg, bad("depth %q: want a whole number", v)
		}
		if d < 0 || d > sim.PCTDepthMax { // bounded as read, before it is an int
			return cfg, bad("%s", depthRange(d))
		}
		cfg.Depth = int(d)
	}
	if v, ok := s.Get(metaPCTSteps); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return cfg, bad("pct-steps %q: want a whole number, 1 or more", v)
		}
		cfg.PCTSteps = n
	}
	if v, ok := s.Get(metaDefects); ok && v != "" && v != "none" {
		cfg.Defects = strings.Split(v, ",")
	}
	if v, ok := s.Get(metaBudget); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return cfg, bad("budget-steps %q: want a whole number", v)
		}
		cfg.StepsMax = n
	}
	cfg.Engine, _ = s.Get(metaEngine)
	if cfg.Engine == EngineReal {
		return cfg, bad("engine real: a schedule replays on the sim engine only")
	}
	if err := cfg.Check(); err != nil {
		return cfg, bad("%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "scenarios: "), "executor: "))
	}
	return cfg, nil
}

// defectsMeta is the defects as a schedule file writes them: "none" rather
// than an empty value, so that the line says it.
func defectsMeta(d []string) string {
	if len(d) == 0 {
		return "none"
	}
	return strings.Join(d, ",")
}
