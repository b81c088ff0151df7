package simtest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func noFlags() flagValues {
	return flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: map[string]bool{}}
}

// The EXECSIM_* variables stand for the flags, a bad value names its
// variable, and every number is bounded like the flags.
func TestEnvironment(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	fv := fromEnv(noFlags(), env("EXECSIM_SEEDS", "7", "EXECSIM_START", "random", "EXECSIM_SHARD", "2/3", "EXECSIM_FOR", "1s", "EXECSIM_SHRINK", "true", "EXECSIM_TRACE", "t.json", "EXECSIM_DETERMINISM", "0"))
	c, err := resolve(nil, fv)
	require.NoError(t, err)
	require.Equal(t, 7, c.seeds, "EXECSIM_SEEDS counts as -execsim.seeds, so -for keeps it as the bound")
	require.True(t, c.startRandom)
	require.Equal(t, [2]int{2, 3}, [2]int{c.shardK, c.shardN})
	require.Equal(t, time.Second, c.budget)
	require.True(t, c.shrink)
	require.Equal(t, "t.json", c.trace)
	require.Zero(t, c.detEvery)

	for _, tc := range []struct{ kv []string }{
		{[]string{"EXECSIM_SEEDS", "many"}},
		{[]string{"EXECSIM_FOR", "5 minutes"}},
		{[]string{"EXECSIM_SHRINK", "perhaps"}},
	} {
		_, err := resolve(nil, fromEnv(noFlags(), env(tc.kv...)))
		require.ErrorContains(t, err, tc.kv[0]+"="+tc.kv[1])
	}
	for _, tc := range []struct {
		fv   flagValues
		want string
	}{
		{flagValues{start: "x", set: map[string]bool{"start": true}}, `-execsim.start: "x": want a seed`},
		{flagValues{start: "3", seed: 1, set: map[string]bool{"start": true, "seed": true}}, "-execsim.start and -execsim.seed conflict"},
		{flagValues{shard: "0/2", set: map[string]bool{"shard": true}}, `-execsim.shard: "0/2": want K/N`},
		{flagValues{shard: "3/2", set: map[string]bool{"shard": true}}, `-execsim.shard: "3/2"`},
		{flagValues{shard: "1/100000", set: map[string]bool{"shard": true}}, `want K/N, 1 <= K <= N <= 65536`},
		{flagValues{budget: -time.Second, set: map[string]bool{"for": true}}, "-execsim.for: -1s"},
		{flagValues{budget: 1000 * time.Hour, set: map[string]bool{"for": true}}, "at most 168h0m0s"},
		{flagValues{determinism: -1, set: map[string]bool{"determinism": true}}, "-execsim.determinism: -1"},
		{flagValues{set: map[string]bool{"trace": true}}, "-execsim.trace: empty file name"},
	} {
		_, err := resolve(nil, tc.fv)
		require.ErrorContains(t, err, tc.want)
	}
	_, err = resolve([]Option{DeterminismEvery(-1)}, noFlags())
	require.ErrorContains(t, err, "DeterminismEvery(-1)")
}

// A shard runs every N-th seed of the range, from the K-th; the N shards
// of a range cover it exactly once. A start moves the range.
func TestShardsCoverTheSeeds(t *testing.T) {
	seen := map[uint64]int{}
	for k := 1; k <= 3; k++ {
		fv := noFlags()
		fv.start, fv.shard = "1000", fmt.Sprintf("%d/3", k)
		fv.set = map[string]bool{"start": true, "shard": true}
		c, err := resolve([]Option{Seeds(10)}, fv)
		require.NoError(t, err)
		p := (&runner{cfg: c}).plan()
		for i := range p.count {
			seen[p.seed(i)]++
		}
	}
	require.Len(t, seen, 10)
	for s := uint64(1000); s < 1010; s++ {
		require.Equal(t, 1, seen[s], "seed %d", s)
	}
}

// racy fails at most seeds: two unlocked increments lose one.
func racy(t *T) {
	n := 0
	wg := t.NewWaitGroup()
	for range 2 {
		wg.Go("incr", func() {
			v := n
			t.Yield()
			n = v + 1
		})
	}
	wg.Wait()
	if n != 2 {
		t.Errorf("lost an update: n = %d", n)
	}
}

// A CI run with a random start seed prints it, and the seed of its
// failure, run alone as its command says, fails the same way.
func TestRandomStartPrintsAndReplays(t *testing.T) {
	fv := noFlags()
	fv.start, fv.set = "random", map[string]bool{"start": true}
	tb := &errorsOf{name: "TestCI"}
	run(tb, racy, []Option{NoPersist()}, fv)
	require.Len(t, tb.errors, 1)
	logs := strings.Join(tb.logs, "\n")
	m := regexp.MustCompile(`start seed (\d+), drawn at random`).FindStringSubmatch(logs)
	require.NotNil(t, m, logs)
	var start uint64
	_, err := fmt.Sscan(m[1], &start)
	require.NoError(t, err)
	require.Regexp(t, fmt.Sprintf(`seeds %d\.\.%d`, start, start+DefaultSeeds-1), logs)
	f := regexp.MustCompile(`seed (\d+) \(run \d+ of 100\), strategy random: check`).FindStringSubmatch(tb.errors[0])
	require.NotNil(t, f, tb.errors[0])
	require.Contains(t, tb.errors[0], "-execsim.seed="+f[1])
	var seed uint64
	_, err = fmt.Sscan(f[1], &seed)
	require.NoError(t, err)
	require.GreaterOrEqual(t, seed, start)

	again := &errorsOf{name: "TestCI"}
	fv = noFlags()
	fv.seed, fv.set = seed, map[string]bool{"seed": true}
	run(again, racy, []Option{NoPersist()}, fv)
	require.Len(t, again.errors, 1)
	require.Contains(t, again.errors[0], fmt.Sprintf("seed %d (run 1 of 1), strategy random: check", seed))
	require.Contains(t, again.errors[0], "lost an update: n = 1")
}

// -execsim.for stops after the budget, at a seed boundary, and says how
// many seeds ran; without a count it is bounded by the largest one.
func TestTimeBudget(t *testing.T) {
	fv := noFlags()
	fv.budget, fv.set = 50*time.Millisecond, map[string]bool{"for": true}
	tb := &errorsOf{name: "TestFor"}
	slow := func(t *T) { t.Sleep(time.Second) }
	run(tb, slow, []Option{Testdata(t.TempDir())}, fv)
	require.Empty(t, tb.errors)
	logs := strings.Join(tb.logs, "\n")
	require.Contains(t, logs, fmt.Sprintf("seeds from 0 for 50ms (at most %d)", seedsMax))
	require.Regexp(t, `passed: 0 saved schedule\(s\) and \d+ seed\(s\) 0\.\.\d+`, logs)
}

// -execsim.trace writes the failing run's whole trace (Perfetto's JSON for
// a .json name), and -execsim.shrink reports and saves the shrunk run,
// which replays.
func TestTraceAndShrink(t *testing.T) {
	dir := t.TempDir()
	fv := noFlags()
	fv.trace, fv.shrink = filepath.Join(dir, "fail.json"), true
	fv.set = map[string]bool{"trace": true, "shrink": true}
	tb := &errorsOf{name: "TestTS"}
	run(tb, racy, []Option{Testdata(dir)}, fv)
	require.Len(t, tb.errors, 1)
	msg := tb.errors[0]
	require.Regexp(t, `shrink: \d+ runs; the schedule went from \d+ to \d+ choices`, msg)
	require.Contains(t, msg, "trace of the failing run")
	raw, err := os.ReadFile(fv.trace)
	require.NoError(t, err)
	var events []map[string]any
	if err := json.Unmarshal(raw, &events); err != nil {
		var obj map[string]any
		require.NoError(t, json.Unmarshal(raw, &obj), "the trace is JSON")
	}

	again := &errorsOf{name: "TestTS"}
	run(again, racy, []Option{Testdata(dir)}, noFlags())
	require.Len(t, again.errors, 1)
	require.Regexp(t, `saved schedule \S+ \(seed \d+, strategy random, recorded check\): check`, again.errors[0])
	require.NotContains(t, again.errors[0], "no longer fits", "the shrunk schedule replays exactly")

	text := filepath.Join(dir, "fail.trace")
	fv.trace, fv.shrink, fv.set = text, false, map[string]bool{"trace": true}
	run(&errorsOf{name: "TestText"}, racy, []Option{Testdata(dir), NoPersist()}, fv)
	raw, err = os.ReadFile(text)
	require.NoError(t, err)
	require.Contains(t, string(raw), "incr")
}

// go test ./... over packages that do not import simtest: the flags break
// such a package, the EXECSIM_* variables do not (fakenet imports sim, not
// simtest).
func TestEnvironmentWorksWhereFlagsDoNot(t *testing.T) {
	goTool, root := moduleGo(t, "runs go test on another package")
	gotest := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(goTool, append([]string{"test", "./fakenet", "-run", "^$", "-count=1"}, args...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := gotest(nil, "-execsim.seeds=3")
	require.Error(t, err, out)
	require.Contains(t, out, "flag provided but not defined: -execsim.seeds")
	out, err = gotest([]string{"EXECSIM_SEEDS=3", "EXECSIM_START=random"})
	require.NoError(t, err, out)
}
