package simtest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder is a simtest.TB that keeps what Run reports instead of failing
// the test that uses it, so a test can check the reports of failing bodies.
type recorder struct {
	t      *testing.T
	errors []string
	logs   []string
}

func record(t *testing.T) *recorder { return &recorder{t: t} }

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return r.t.Name() }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, sprintf(format, args...))
	r.t.Logf("recorded log: "+format, args...)
}

// only returns the one error recorded, failing the test otherwise.
func (r *recorder) only() string {
	r.t.Helper()
	require.Len(r.t, r.errors, 1, "errors: %q", r.errors)
	return r.errors[0]
}

func (r *recorder) logged(substr string) bool {
	for _, l := range r.logs {
		if strings.Contains(l, substr) {
			return true
		}
	}
	return false
}

// leakyWorker leaks a worker at every seed: nobody closes its channel.
func leakyWorker(rt sim.Runtime) {
	jobs := sim.NewChan[int](rt, 0)
	rt.Go("worker", func() { // leakyWorker's spawn site
		for {
			if _, ok := jobs.Recv(); !ok {
				return
			}
		}
	})
	jobs.Send(1)
}

// racyLeak leaks its helper only in some interleavings: main stops the
// helper only if it has not started yet, wrongly assuming that a started
// helper stops by itself.
func racyLeak(rt sim.Runtime) {
	stop := sim.NewChan[struct{}](rt, 0)
	started := false
	rt.Go("helper", func() {
		started = true
		stop.Recv()
	})
	rt.Yield()
	if !started {
		stop.Close()
	}
}

// busy runs many scheduling points with a joined goroutine: clean.
func busy(rt sim.Runtime) {
	wg := rt.NewWaitGroup()
	wg.Go("spinner", func() {
		for range 50 {
			rt.Yield()
		}
	})
	for range 50 {
		rt.Yield()
	}
	wg.Wait()
}

func TestPassingBodyReportsNothing(t *testing.T) {
	rec := record(t)
	simtest.Run(rec, on(busy), simtest.Seeds(20), simtest.Testdata(t.TempDir()))
	require.Empty(t, rec.errors)
	require.True(t, rec.logged("strategy random, 20 seeds 0..19"), "the configuration is logged first: %q", rec.logs)
	require.True(t, rec.logged("passed"), "%q", rec.logs)
}

// Two parallel subtests, one leaking and one clean: the leak is reported
// by the first alone, with its worker and spawn site, because each Run has
// its own worlds and a world's goroutines are its own.
func TestLeakAttributedUnderParallel(t *testing.T) {
	root := t.TempDir()
	var leaky, clean *recorder
	t.Run("group", func(t *testing.T) {
		t.Run("leaky", func(t *testing.T) {
			t.Parallel()
			leaky = record(t)
			simtest.Run(leaky, func(rt *simtest.T) {
				busy(rt)
				leakyWorker(rt)
			}, simtest.Seeds(30), simtest.Testdata(root))
		})
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			clean = record(t)
			simtest.Run(clean, func(rt *simtest.T) {
				busy(rt)
				busy(rt)
			}, simtest.Seeds(30), simtest.Testdata(root))
		})
	})
	require.Empty(t, clean.errors, "the clean subtest reports nothing")
	msg := leaky.only()
	require.Contains(t, msg, "seed 0 (run 1 of 30), strategy random: not-joined")
	require.Contains(t, msg, `goroutine 4 "worker"`)
	require.Regexp(t, `started at \S+simtest_test\.go:\d+`, msg, "the spawn site is leakyWorker's")
	require.Contains(t, msg, "blocked in chan receive")
	require.Contains(t, msg, "last ", "the trace tail")
	require.Regexp(t, `go test (-tags=\S+ )?\./simtest -run '\^TestLeakAttributedUnderParallel\$/\^group\$/\^leaky\$' -execsim\.seed=0$`, msg)
	// The schedule went to the subtest's own directory.
	_, err := os.Stat(filepath.Join(root, "execsim", "TestLeakAttributedUnderParallel", "group", "leaky", "seed-0.schedule"))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "execsim", "TestLeakAttributedUnderParallel", "group", "clean"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// A saved failure makes the next run fail first, with the same kind,
// before any new seed runs.
func TestSavedFailureReplaysFirst(t *testing.T) {
	root := t.TempDir()
	first := record(t)
	simtest.Run(first, on(racyLeak), simtest.Testdata(root), simtest.NoJoinCheck())
	msg := first.only()
	m := regexp.MustCompile(`seed (\d+) \(run \d+ of 100\), strategy random: leak`).FindStringSubmatch(msg)
	require.NotNil(t, m, msg)
	require.NotEqual(t, "0", m[1], "racyLeak should pass at some seeds (else this test proves little)")
	file := filepath.Join(root, "execsim", "TestSavedFailureReplaysFirst", "seed-"+m[1]+".schedule")
	require.Contains(t, msg, "schedule saved to "+filepath.ToSlash(file))

	// The file: a header with the failure and the command, the metadata,
	// the choices.
	s, err := sim.ReadScheduleFile(file)
	require.NoError(t, err)
	header := strings.Join(s.Comments, "\n")
	require.Contains(t, header, "sim: leak in goroutine 2 \"helper\"")
	require.Contains(t, header, "-execsim.seed="+m[1])
	for key, want := range map[string]string{"test": "TestSavedFailureReplaysFirst", "seed": m[1], "strategy": "random", "kind": "leak"} {
		got, ok := s.Get(key)
		require.True(t, ok, key)
		require.Equal(t, want, got, key)
	}
	require.NotEmpty(t, s.Choices)

	var runs atomic.Int64
	counted := func(rt sim.Runtime) {
		runs.Add(1)
		racyLeak(rt)
	}
	second := record(t)
	simtest.Run(second, on(counted), simtest.Testdata(root), simtest.NoJoinCheck())
	msg = second.only()
	require.Contains(t, msg, "saved schedule "+filepath.ToSlash(file)+" (seed "+m[1]+", strategy random, recorded leak): leak")
	require.Contains(t, msg, "-run '^TestSavedFailureReplaysFirst$'")
	require.NotContains(t, msg, "-execsim.seed=", "the test itself replays the file")
	// The replay of the file and the replay that checks it, no seed.
	require.EqualValues(t, 2, runs.Load())

	// Fixed, the file replays and passes; the test goes on to its seeds.
	third := record(t)
	simtest.Run(third, func(rt *simtest.T) {
		stop := sim.NewChan[struct{}](rt, 0)
		rt.Go("helper", func() { stop.Recv() })
		rt.Yield()
		stop.Close()
	}, simtest.Testdata(root), simtest.Seeds(10), simtest.NoJoinCheck())
	require.Empty(t, third.errors)
	require.True(t, third.logged("recorded leak) passes now"), "%q", third.logs)
}

// A body that reads a global counter to decide whether to spawn a
// goroutine is not fixed by its seed: its failure gets the nondeterministic
// verdict, with the first differing step and both events, and no file.
func TestNondeterministicVerdict(t *testing.T) {
	root := t.TempDir()
	var calls atomic.Int64
	body := func(rt sim.Runtime) {
		if calls.Add(1)%2 == 0 {
			rt.Go("sometimes", func() {})
		}
		leakyWorker(rt)
	}
	rec := record(t)
	simtest.Run(rec, on(body), simtest.Testdata(root))
	msg := rec.only()
	require.Contains(t, msg, "seed 0 (run 1 of 100), strategy random: nondeterministic\n")
	require.Contains(t, msg, "The run's failure: sim: not-joined in goroutine")
	require.Regexp(t, `first difference at event \d+ \(step \d+\)\n    run:    .+\n\s+at \S+simtest_test\.go:\d+\n    replay: .+\n\s+at \S+simtest_test\.go:\d+`, msg)
	require.Contains(t, msg, "no schedule saved")
	require.Contains(t, msg, "-execsim.seed=0")
	_, err := os.Stat(filepath.Join(root, "execsim"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// A deterministic failure passes the self-check: the run and its replay
// agree, and it is reported as the failure it is.
func TestDeterministicFailureIsNotFlagged(t *testing.T) {
	rec := record(t)
	simtest.Run(rec, on(racyLeak), simtest.Testdata(t.TempDir()), simtest.PCT(2), simtest.NoJoinCheck())
	msg := rec.only()
	require.NotContains(t, msg, "nondeterministic")
	require.Regexp(t, `strategy pct depth=2 sized for \d+ steps: leak`, msg)
	require.Regexp(t, `schedule saved to \S+/seed-\d+-pct2\.schedule`, msg)
}

func TestCheckDeterminism(t *testing.T) {
	for seed := range uint64(5) {
		nd, err := simtest.CheckDeterminism(sim.Options{Seed: seed}, racyLeak)
		require.NoError(t, err)
		require.Nil(t, nd, "seed %d", seed)
	}
	var calls atomic.Int64
	nd, err := simtest.CheckDeterminism(sim.Options{Seed: 3}, func(rt sim.Runtime) {
		ch := sim.NewChan[int](rt, 1)
		if calls.Add(1) == 2 { // the replay writes where the run did not
			ch.Send(1)
		}
		busy(rt)
	})
	require.NoError(t, err)
	require.NotNil(t, nd)
	require.Equal(t, uint64(3), nd.Seed)
	require.GreaterOrEqual(t, nd.Index, 0)
	require.NotNil(t, nd.Replay)
	require.Equal(t, sim.OpSend, nd.Replay.Op, "the replay's first different event is the send")
	require.Equal(t, nd.Replay.Step, nd.Step)
	require.NotEqual(t, nd.RunHash, nd.ReplayHash)
	require.Contains(t, nd.String(), "nondeterministic: seed 3")
}

// A schedule saved from an older version of the body (one goroutine
// fewer) no longer fits: the replay goes on with a fallback and says at
// which choice and step it stopped fitting.
func TestStaleScheduleReportsDivergence(t *testing.T) {
	v1 := func(rt sim.Runtime) {
		ch := sim.NewChan[int](rt, 0)
		rt.Go("a", func() { ch.Recv() })
		rt.Go("b", func() { ch.Recv() })
		rt.Yield()
		rt.Yield()
	}
	v2 := func(rt sim.Runtime) { // one more goroutine, the same leak
		ch := sim.NewChan[int](rt, 0)
		rt.Go("a", func() { ch.Recv() })
		rt.Go("b", func() { ch.Recv() })
		rt.Go("c", func() { ch.Recv() })
		rt.Yield()
		rt.Yield()
	}
	v3 := func(rt sim.Runtime) { // fixed: closes the channel and waits
		ch := sim.NewChan[int](rt, 0)
		wg := rt.NewWaitGroup()
		wg.Go("a", func() { ch.Recv() })
		wg.Go("b", func() { ch.Recv() })
		wg.Go("c", func() { ch.Recv() })
		rt.Yield()
		ch.Close()
		wg.Wait()
	}
	root := t.TempDir()
	rec := record(t)
	simtest.Run(rec, on(v1), simtest.Testdata(root))
	require.Contains(t, rec.only(), "schedule saved to")

	rec = record(t)
	simtest.Run(rec, on(v2), simtest.Testdata(root))
	msg := rec.only()
	require.Contains(t, msg, "recorded not-joined): not-joined")
	require.Regexp(t, `note: the saved schedule no longer fits the code: schedule diverged at choice \d+ \(step \d+\): recorded schedule among \d, the run asked schedule among \d`, msg)

	rec = record(t)
	simtest.Run(rec, on(v3), simtest.Testdata(root), simtest.Seeds(5))
	require.Empty(t, rec.errors)
	require.True(t, rec.logged("no longer fits the code: schedule diverged at choice"), "%q", rec.logs)
	require.True(t, rec.logged("no longer reproduces the not-joined it recorded"), "%q", rec.logs)
}

// A file of another format version is skipped with a log line; a file
// that does not parse fails the test, naming it.
func TestSavedFilesOfOtherVersionsAndBrokenFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "execsim", "TestSavedFilesOfOtherVersionsAndBrokenFiles")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed-1.schedule"), []byte("# from the future\nexecsim schedule v9\nchoices 0\n"), 0o644))
	rec := record(t)
	simtest.Run(rec, on(busy), simtest.Testdata(root), simtest.Seeds(3))
	require.Empty(t, rec.errors)
	require.True(t, rec.logged("skipping saved schedule"), "%q", rec.logs)
	require.True(t, rec.logged("file is v9"), "%q", rec.logs)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed-2.schedule"), []byte("execsim schedule v1\nchoices 2\ng0/2\n"), 0o644))
	rec = record(t)
	simtest.Run(rec, on(busy), simtest.Testdata(root), simtest.Seeds(3))
	require.Contains(t, rec.only(), "seed-2.schedule")
	require.Contains(t, rec.only(), "fix or delete the file")
}

func TestNoPersistSavesNothing(t *testing.T) {
	root := t.TempDir()
	rec := record(t)
	simtest.Run(rec, on(leakyWorker), simtest.Testdata(root), simtest.NoPersist())
	require.Contains(t, rec.only(), "no schedule saved: saving is off")
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	require.Empty(t, entries)
}

func TestPanicAndDeadlockAreReported(t *testing.T) {
	rec := record(t)
	simtest.Run(rec, func(rt *simtest.T) {
		rt.Go("boom", func() { panic("invariant broken") })
		rt.Yield()
	}, simtest.NoPersist(), simtest.Seeds(5))
	require.Regexp(t, `strategy random: panic\n`, rec.only())
	require.Contains(t, rec.only(), "invariant broken")

	rec = record(t)
	simtest.Run(rec, func(rt *simtest.T) {
		sim.NewChan[int](rt, 0).Recv()
	}, simtest.NoPersist(), simtest.Seeds(5))
	require.Regexp(t, `strategy random: deadlock\n`, rec.only())
}

func TestBadOptions(t *testing.T) {
	for _, tc := range []struct {
		opts []simtest.Option
		want string
	}{
		{[]simtest.Option{simtest.Seeds(0)}, "simtest: Seeds(0): want 1 to 1000000"},
		{[]simtest.Option{simtest.Seeds(2), simtest.Seeds(3)}, "simtest: option Seeds given twice"},
		{[]simtest.Option{simtest.PCT(-1)}, "simtest: PCT(-1)"},
		{[]simtest.Option{simtest.World(sim.Options{Seed: 4})}, "simtest: World: sim.Options.Seed is 4"},
		{[]simtest.Option{simtest.World(sim.Options{Chooser: sim.NewRandom(1)})}, "simtest: World: sim.Options.Chooser is set"},
		{[]simtest.Option{simtest.World(sim.Options{Settle: -time.Second})}, "simtest: World: sim: Options.Settle is -1s"},
		{[]simtest.Option{simtest.Testdata("")}, "simtest: Testdata: empty directory"},
		{[]simtest.Option{{}}, "simtest: a zero Option"},
	} {
		rec := record(t)
		simtest.Run(rec, on(busy), tc.opts...)
		require.Contains(t, rec.only(), tc.want)
	}
}

// World's knobs reach the worlds: a step budget too small for the body is
// a steps failure.
func TestWorldOptions(t *testing.T) {
	rec := record(t)
	simtest.Run(rec, on(busy), simtest.World(sim.Options{StepsMax: 20}), simtest.NoPersist(), simtest.Seeds(2))
	require.Regexp(t, `strategy random: steps\n`, rec.only())
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// on runs a body written against sim.Runtime as a simtest body: a T is
// the world's Runtime.
func on(body func(sim.Runtime)) func(*simtest.T) { return func(t *simtest.T) { body(t) } }
