package simtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

func TestRunPattern(t *testing.T) {
	for name, want := range map[string]string{
		"TestA":              `^TestA$`,
		"TestA/leaky":        `^TestA$/^leaky$`,
		"TestA/a.b+c#01":     `^TestA$/^a\.b\+c#01$`,
		"TestA/group/(x|y)*": `^TestA$/^group$/^\(x\|y\)\*$`,
	} {
		require.Equal(t, want, runPattern(name), name)
		// The pattern matches the name level by level, as go test applies it.
		levels, pats := strings.Split(name, "/"), strings.Split(want, "/")
		for i := range levels {
			require.Regexp(t, pats[i], levels[i])
		}
	}
}

func TestShellQuote(t *testing.T) {
	require.Equal(t, "./pkg", shellQuote("./pkg"))
	require.Equal(t, "-execsim.seed=3", shellQuote("-execsim.seed=3"))
	require.Equal(t, `'^TestA$/^b$'`, shellQuote(`^TestA$/^b$`))
	require.Equal(t, `'it'\''s'`, shellQuote(`it's`))
	require.Equal(t, `''`, shellQuote(""))
}

func TestReproCommandForm(t *testing.T) {
	got := reproCommand("TestA/sub", "-execsim.strategy=pct", "-execsim.seed=7")
	require.Regexp(t, `^go test (-tags=\S+ )?\./simtest -run '\^TestA\$/\^sub\$' -execsim\.strategy=pct -execsim\.seed=7$`, got)
	require.Equal(t, "./simtest", dirFromModuleRoot(), "the directory walk agrees with the build info")
}

// Under cmd/execsim the command is execsim's, with its own names for the
// flags it has and the others passed through.
func TestReproCommandUnderExecsim(t *testing.T) {
	got := reproCommandUnder("go run ./cmd/execsim test", "TestA", "-execsim.strategy=pct", "-execsim.depth=4", "-execsim.seed=7", "-execsim.pct-steps=90")
	require.Regexp(t, `^go run ./cmd/execsim test (-tags=\S+ )?\./simtest -run '\^TestA\$' -strategy=pct -pct-depth=4 -seed=7 -execsim\.pct-steps=90$`, got)
	t.Setenv(envCommand, "execsim test")
	require.Regexp(t, `^execsim test .* -seed=7$`, reproCommand("TestA", "-execsim.seed=7"))
}

func TestPathSafe(t *testing.T) {
	for in, want := range map[string]string{
		"TestA":      "TestA",
		"leaky#01":   "leaky%2301",
		"a:b*c?":     "a%3Ab%2Ac%3F",
		"..":         "%2E.",
		".hidden":    "%2Ehidden",
		"50%":        "50%25",
		"":           "%",
		"x_y-z.v+w=": "x_y-z.v+w=",
	} {
		require.Equal(t, want, pathSafe(in), in)
	}
	require.Equal(t, filepath.Join("td", "execsim", "TestA", "%2E."), testDir("td", "TestA/.."))
	require.Equal(t, filepath.Join("td", "execsim", "TestA", "sub"), testDir("td", "TestA/sub"))
}

func TestResolve(t *testing.T) {
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	defaults := flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: set()}

	c, err := resolve(nil, defaults)
	require.NoError(t, err)
	require.Equal(t, DefaultSeeds, c.seeds)
	require.Equal(t, strategyRandom, c.strategy)
	require.True(t, c.persist)
	require.Nil(t, c.only)

	// Flags win over options, and the ones that change the run are
	// repeated in the reproducing command.
	fv := defaults
	fv.seeds, fv.strategy, fv.set = 7, strategyRandom, set("seeds", "strategy")
	c, err = resolve([]Option{Seeds(3), PCT(4)}, fv)
	require.NoError(t, err)
	require.Equal(t, 7, c.seeds)
	require.Equal(t, strategyRandom, c.strategy)
	require.Equal(t, []string{"-execsim.strategy=random"}, c.extra)

	fv = defaults
	fv.strategy, fv.depth, fv.set = strategyPCT, 5, set("strategy", "depth")
	c, err = resolve(nil, fv)
	require.NoError(t, err)
	require.Equal(t, strategyPCT, c.strategy)
	require.Equal(t, 5, c.depth)

	fv = defaults
	fv.strategy, fv.set = strategyPCT, set("strategy")
	c, err = resolve([]Option{PCT(6)}, fv)
	require.NoError(t, err)
	require.Equal(t, 6, c.depth, "-execsim.strategy=pct keeps the option's depth")

	fv = defaults
	fv.persist, fv.set = false, set("persist")
	c, err = resolve(nil, fv)
	require.NoError(t, err)
	require.False(t, c.persist)

	for _, tc := range []struct {
		fv   flagValues
		want string
	}{
		{flagValues{seed: 1, seeds: 2, set: set("seed", "seeds")}, "-execsim.seed and -execsim.seeds conflict"},
		{flagValues{seeds: 0, set: set("seeds")}, "-execsim.seeds: 0: want 1 to 1000000"},
		{flagValues{strategy: "dfs", set: set("strategy")}, `-execsim.strategy: unknown strategy "dfs"`},
		{flagValues{depth: 2, set: set("depth")}, "-execsim.depth: only the pct strategy has a depth"},
		{flagValues{strategy: strategyPCT, depth: -1, set: set("strategy", "depth")}, "-execsim.depth: -1"},
		{flagValues{pctSteps: 50, set: set("pct-steps")}, "-execsim.pct-steps: only the pct strategy is sized"},
		{flagValues{strategy: strategyPCT, pctSteps: -1, set: set("strategy", "pct-steps")}, "-execsim.pct-steps: -1"},
	} {
		_, err := resolve(nil, tc.fv)
		require.ErrorContains(t, err, tc.want)
	}
}

// errorsOf is a TB keeping errors and logs, for the tests of run.
type errorsOf struct {
	name         string
	errors, logs []string
}

func (e *errorsOf) Helper()      {}
func (e *errorsOf) Name() string { return e.name }
func (e *errorsOf) Errorf(f string, a ...any) {
	e.errors = append(e.errors, fmt.Sprintf(f, a...))
}
func (e *errorsOf) Logf(f string, a ...any) { e.logs = append(e.logs, fmt.Sprintf(f, a...)) }

func leak(rt sim.Runtime) {
	ch := sim.NewChan[int](rt, 0)
	rt.Go("a", func() { ch.Recv() })
	rt.Go("b", func() { ch.Recv() })
	rt.Yield()
}

// -execsim.seed runs one seed and skips the saved schedules; the command
// it prints repeats the strategy flags that were given.
func TestOneSeedFlag(t *testing.T) {
	root := t.TempDir()
	tb := &errorsOf{name: "TestX/sub"}
	run(tb, onT(leak), []Option{Testdata(root), Seeds(3)}, flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: map[string]bool{}})
	require.Len(t, tb.errors, 1)
	file := filepath.Join(root, "execsim", "TestX", "sub", "seed-0.schedule")
	require.FileExists(t, file)

	tb = &errorsOf{name: "TestX/sub"}
	fv := flagValues{seed: 41, strategy: strategyPCT, persist: true, set: map[string]bool{"seed": true, "strategy": true}}
	run(tb, onT(leak), []Option{Testdata(root)}, fv)
	require.Len(t, tb.errors, 1)
	msg := tb.errors[0]
	require.Contains(t, msg, "seed 41 (run 1 of 1), strategy pct depth=3 sized for 1000 steps: not-joined")
	require.Regexp(t, `-run '\^TestX\$/\^sub\$' -execsim\.strategy=pct -execsim\.seed=41 -execsim\.pct-steps=1000$`, msg)
	require.Contains(t, strings.Join(tb.logs, "\n"), "-execsim.seed given: the saved schedules are not replayed")
	require.FileExists(t, filepath.Join(root, "execsim", "TestX", "sub", "seed-41-pct3.schedule"))
}

// moduleGo finds the go command and the module root for a test that runs
// go test itself (why), or skips the test: under -short, or with no go on
// PATH.
func moduleGo(t *testing.T, why string) (goTool, root string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err = filepath.Abs("..")
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	return goTool, root
}

// The command a failure prints really reproduces it when pasted at the
// module root. It runs go test on the worked example built with its bug
// (-tags buggy), takes the command from the report, and runs that.
func TestReproCommandWorksWhenPasted(t *testing.T) {
	goTool, root := moduleGo(t, "builds and runs the example package with go test")
	gotest := func(args string) string {
		cmd := exec.Command("sh", "-c", args)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(goTool)+string(os.PathListSeparator)+os.Getenv("PATH"))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		require.Error(t, err, "the buggy example must fail:\n%s", out.String())
		return out.String()
	}
	out := gotest("go test -tags=buggy ./simtest/example/pool -run '^TestShutdown$' -execsim.persist=false")
	require.Contains(t, out, "seed 0 (run 1 of 100), strategy random: not-joined")
	m := regexp.MustCompile(`reproduce from the module root:\n\s+(go test .*)\n`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	require.Equal(t, "go test -tags=buggy ./simtest/example/pool -run '^TestShutdown$' -execsim.seed=0", m[1])

	out = gotest(m[1] + " -execsim.persist=false")
	require.Contains(t, out, "seed 0 (run 1 of 1), strategy random: not-joined")
	require.Contains(t, out, `sim: not-joined in goroutine 3 "worker 0"`)
}

// windowBug fails only when "long" runs all its steps while "short" sits
// in a one-step window: PCT finds it when sized for the run's length (about
// 45 steps), rarely when sized for the default 1,000.
func windowBug(rt sim.Runtime) {
	inWindow, seen := false, 0
	wg := rt.NewWaitGroup()
	wg.Go("short", func() {
		for i := range 20 {
			inWindow = i == 10
			rt.Yield()
			inWindow = false
		}
	})
	wg.Go("long", func() {
		for range 20 {
			rt.Yield()
			if inWindow {
				seen++
			}
		}
	})
	wg.Wait()
	if seen == 20 {
		panic("long ran entirely inside short's window")
	}
}

// Under PCT a seed's chooser depends on the run length learnt from the
// seeds before it, so the command a failure prints carries that length as
// -execsim.pct-steps: pasted, it fails the same way, where the seed alone
// (sized for the default) would not.
func TestPCTReproCommandCarriesTheRunLength(t *testing.T) {
	tb := &errorsOf{name: "TestW"}
	run(tb, onT(windowBug), []Option{Testdata(t.TempDir()), NoPersist(), Seeds(2000), PCT(2)}, flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: map[string]bool{}})
	require.Len(t, tb.errors, 1, "sized PCT finds the window bug within 2,000 seeds")
	msg := tb.errors[0]
	m := regexp.MustCompile(`seed (\d+) \(run \d+ of 2000\), strategy pct depth=2 sized for (\d+) steps: panic`).FindStringSubmatch(msg)
	require.NotNil(t, m, msg)
	require.NotEqual(t, "0", m[1], "the failing seed must come after runs that sized it")
	require.Regexp(t, fmt.Sprintf(`-execsim\.seed=%s -execsim\.pct-steps=%s$`, m[1], m[2]), msg)

	var seed uint64
	var steps int64
	_, err := fmt.Sscan(m[1]+" "+m[2], &seed, &steps)
	require.NoError(t, err)
	t.Logf("found at seed %d, sized for %d steps", seed, steps)
	again := &errorsOf{name: "TestW"}
	run(again, onT(windowBug), []Option{Testdata(t.TempDir()), NoPersist(), Seeds(2000), PCT(2)}, flagValues{seed: seed, pctSteps: steps, persist: true, set: map[string]bool{"seed": true, "pct-steps": true}})
	require.Len(t, again.errors, 1, "the printed command reproduces the failure")
	require.Contains(t, again.errors[0], fmt.Sprintf("seed %d (run 1 of 1), strategy pct depth=2 sized for %d steps: panic", seed, steps))

	alone := &errorsOf{name: "TestW"}
	run(alone, onT(windowBug), []Option{Testdata(t.TempDir()), NoPersist(), Seeds(2000), PCT(2)}, flagValues{seed: seed, persist: true, set: map[string]bool{"seed": true}})
	require.Empty(t, alone.errors, "without -execsim.pct-steps the seed is another run (this one passes)")
}

// onT runs a body written against sim.Runtime as a simtest body.
func onT(body func(sim.Runtime)) func(*T) { return func(t *T) { body(t) } }
