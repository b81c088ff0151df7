package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScheduleRoundTrip(t *testing.T) {
	r := runBusy(11, nil)
	s := &Schedule{Comments: []string{"failure: none", "replay: simrun -replay x"}, Choices: r.Schedule()}
	s.Set("seed", "11")
	s.Set("scenario", "busy")
	path := filepath.Join(t.TempDir(), "sub", "busy.schedule")
	require.NoError(t, s.WriteFile(path))
	got, err := ReadScheduleFile(path)
	require.NoError(t, err)
	require.Equal(t, s, got)
	v, ok := got.Get("scenario")
	require.True(t, ok)
	require.Equal(t, "busy", v)

	again := Run(Options{Chooser: NewReplay(got.Choices, nil), KeepTrace: true}, busy)
	require.Equal(t, r.Hash, again.Hash)
}

func TestParseScheduleErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"no header", "seed 1\n", `line 1: want the header "execsim schedule v1"`},
		{"old version", "# old\nexecsim schedule v0\n", "version not supported: file is v0"},
		{"no choices line", "execsim schedule v1\nseed 1\n", `no "choices N" line`},
		{"bad count", "execsim schedule v1\nchoices many\n", `line 2: want "choices N"`},
		{"bad kind", "execsim schedule v1\nchoices 1\nx1/2\n", `line 3: choice "x1/2": unknown kind 'x'`},
		{"bad token", "execsim schedule v1\nchoices 1\ng1-2\n", `want kind, answer, slash`},
		{"out of range", "execsim schedule v1\nchoices 1\ng2/2\n", "answer must be in [0, N)"},
		{"truncated", "execsim schedule v1\nchoices 3\ng1/2 g0/2\n", "3 choices announced, 2 found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSchedule(strings.NewReader(c.in))
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
	_, err := ParseSchedule(strings.NewReader("execsim schedule v2\nchoices 0\n"))
	require.ErrorIs(t, err, ErrScheduleVersion)
	_, err = ReadScheduleFile(filepath.Join(t.TempDir(), "missing"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// A schedule recorded before the code changed no longer fits: the replay
// says where, and the run goes on from the fallback instead of crashing.
func TestReplayDivergence(t *testing.T) {
	twoWorkers := func(n int) func(rt Runtime) {
		return func(rt Runtime) {
			wg := rt.NewWaitGroup()
			for i := range n {
				wg.Go("w", func() { rt.Sleep(0); rt.Yield(); _ = i })
			}
			wg.Wait()
		}
	}
	rec := Run(Options{Seed: 5}, twoWorkers(2))
	require.Nil(t, rec.Failure)

	rp := NewReplay(rec.Schedule(), NewRandom(1))
	r := Run(Options{Chooser: rp}, twoWorkers(3)) // the code changed: a third worker
	require.Nil(t, r.Failure)
	d := rp.Divergence()
	require.NotNil(t, d, "a schedule from the two-worker code cannot fit the three-worker code")
	require.Contains(t, d.String(), "diverged at choice")
	require.LessOrEqual(t, d.Index, len(rec.Schedule()))

	rp = NewReplay(rec.Schedule()[:2], nil) // a truncated schedule runs out
	r = Run(Options{Chooser: rp}, twoWorkers(2))
	require.Nil(t, r.Failure)
	require.Contains(t, rp.Divergence().Reason, "ran out after 2 choices")
}

// lostUpdate is a read-modify-write race: the bug fires only when one
// goroutine's write lands between the other's read and write.
func lostUpdate(rt Runtime) {
	counter := 0
	wg := rt.NewWaitGroup()
	for range 2 {
		wg.Go("incr", func() {
			v := counter
			rt.Yield()
			counter = v + 1
		})
	}
	wg.Wait()
	if counter != 2 {
		panic("lost update")
	}
}

func TestStrategiesFindLostUpdate(t *testing.T) {
	for name, mk := range map[string]func(seed uint64) Chooser{
		"random": NewRandom,
		"pct":    func(seed uint64) Chooser { return NewPCT(seed, 2, 20) },
	} {
		found := 0
		for seed := range uint64(100) {
			if r := Run(Options{Seed: seed, Chooser: mk(seed)}, lostUpdate); r.Failure != nil {
				require.Equal(t, KindPanic, r.Failure.Kind)
				found++
			}
		}
		require.Greater(t, found, 5, "%s found the lost update in %d of 100 seeds", name, found)
		require.Less(t, found, 100, "%s: the correct interleavings exist too", name)
	}
}

func TestPCTDepthOneNeverPreempts(t *testing.T) {
	// With no change points the highest-priority goroutine runs until it
	// blocks or ends, so the read and write of one increment never split.
	for seed := range uint64(50) {
		r := Run(Options{Chooser: NewPCT(seed, 1, 20)}, lostUpdate)
		require.Nil(t, r.Failure, "seed %d", seed)
	}
}

func TestBytesChooser(t *testing.T) {
	data := []byte{1, 0, 3, 2, 255, 7}
	a := Run(Options{Chooser: NewBytes(data)}, busy)
	b := Run(Options{Chooser: NewBytes(data)}, busy)
	require.Equal(t, a.Hash, b.Hash)
	for _, c := range a.Schedule()[len(data):] {
		require.Zero(t, c.Pick, "exhausted bytes answer 0")
	}
	c := NewBytes([]byte{0x01, 0x02})
	require.Equal(t, 0x0102%1000, c.Choose(Decision{N: 1000}), "decisions above 256 take two bytes")
}
