package simtest

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
)

// testDir is where the schedules of the test named name live, under root:
// root/execsim/TestA/sub for the subtest TestA/sub. Each level of the name
// becomes a path-safe directory name (see pathSafe), so a subtest's files
// sit below its parent's and are never replayed against the parent.
func testDir(root, name string) string {
	parts := []string{root, "execsim"}
	for _, p := range strings.Split(name, "/") {
		parts = append(parts, pathSafe(p))
	}
	return filepath.Join(parts...)
}

// pathSafe escapes a name for use as one file name on any system: letters,
// digits and "-_.+=" stay, every other byte becomes %XX, and so does a
// leading dot (no hidden files, no "." or ".."). The mapping is one to
// one, so two subtests never share a directory.
func pathSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && i == 0,
			!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.+=", c) >= 0):
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return "%"
	}
	return b.String()
}

// scheduleName is the file a failure at a seed is saved in; the strategy is
// part of it because the same seed means another run under another one.
func scheduleName(a attempt) string {
	if a.strategy == strategyPCT {
		return fmt.Sprintf("seed-%d-pct%d.schedule", a.seed, a.depth)
	}
	return fmt.Sprintf("seed-%d.schedule", a.seed)
}

// save writes the failing run's schedule, with a header a person can act
// on and the metadata a replay needs.
func save(path, test string, a attempt, res *sim.Result, command string, join bool) error {
	s := &sim.Schedule{
		Comments: []string{
			fmt.Sprintf("simtest: %s failed at seed %d, strategy %s:", test, a.seed, strategyString(a.strategy, a.depth)),
			res.Failure.Error(),
			"",
			"reproduce from the module root:",
			"    " + command,
			"",
			"Every run of " + test + " replays this file before its seeds. Keep it as a",
			"regression test, or delete it once the bug is fixed.",
		},
		Choices: res.Schedule(),
	}
	s.Set("test", test)
	s.Set("seed", strconv.FormatUint(a.seed, 10))
	s.Set("strategy", a.strategy)
	if a.strategy == strategyPCT {
		s.Set("depth", strconv.Itoa(a.depth))
		if a.pctSteps > 0 {
			s.Set("pct-steps", strconv.FormatInt(a.pctSteps, 10))
		}
	}
	s.Set("horizon", max(a.horizon, 0).String()) // negative is off, as 0 is
	s.Set("now-tick", a.nowTick.String())
	s.Set("kind", string(res.Failure.Kind))
	// A not-joined failure replays only with the join check on: a replay
	// under another setting says so instead of "passes now".
	s.Set("join", strconv.FormatBool(join))
	if err := s.WriteFile(path); err != nil {
		return fmt.Errorf("simtest: saving the schedule: %w", err)
	}
	return nil
}

// fromSchedule is the attempt that replays a saved schedule: its seed and
// strategy make the fallback Chooser that takes over if the schedule stops
// fitting, and it runs under the clock it was recorded with. Fields that
// are missing take the defaults (world's, for the clock); fields that are
// there must make sense.
func fromSchedule(path string, s *sim.Schedule, world sim.Options) (attempt, error) {
	a := attempt{file: path, strategy: strategyRandom, choices: s.Choices, horizon: world.TimerHorizon, nowTick: world.NowTick}
	if v, ok := s.Get("join"); ok {
		j, err := strconv.ParseBool(v)
		if err != nil {
			return a, fmt.Errorf("simtest: saved schedule %s: join %q: want true or false", display(path), v)
		}
		a.join = &j
	}
	if v, ok := s.Get("seed"); ok {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return a, fmt.Errorf("simtest: saved schedule %s: seed %q: want a whole number", display(path), v)
		}
		a.seed = seed
	}
	if v, ok := s.Get("strategy"); ok {
		switch v {
		case strategyRandom:
		case strategyPCT:
			a.strategy, a.depth = strategyPCT, pctDepthDefault
		default:
			return a, fmt.Errorf("simtest: saved schedule %s: unknown strategy %q (known: %s)", display(path), v, sim.StrategyNames())
		}
	}
	if v, ok := s.Get("depth"); ok && a.strategy == strategyPCT {
		d, err := strconv.Atoi(v)
		if err != nil || d < 1 || d > depthMax {
			return a, fmt.Errorf("simtest: saved schedule %s: depth %q: want 1 to %d", display(path), v, depthMax)
		}
		a.depth = d
	}
	if v, ok := s.Get("pct-steps"); ok && a.strategy == strategyPCT {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > pctStepsMax {
			return a, fmt.Errorf("simtest: saved schedule %s: pct-steps %q: want 1 to %d", display(path), v, int64(pctStepsMax))
		}
		a.pctSteps = n
	}
	if v, ok := s.Get("horizon"); ok {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > horizonMax {
			return a, fmt.Errorf("simtest: saved schedule %s: horizon %q: want a duration of 0 to %v", display(path), v, horizonMax)
		}
		a.horizon = d
	}
	if v, ok := s.Get("now-tick"); ok {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > nowTickMax {
			return a, fmt.Errorf("simtest: saved schedule %s: now-tick %q: want a duration of 0 to %v", display(path), v, nowTickMax)
		}
		a.nowTick = d
	}
	a.kind, _ = s.Get("kind")
	return a, nil
}
