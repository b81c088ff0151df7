package simrapid

import (
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/execsim/execsim/sim"
)

// lostUpdate is two unsynchronised increments: it panics only when one
// goroutine is preempted between its read and its write.
func lostUpdate(rt sim.Runtime) {
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

// rapid drives the schedule and shrinks it: the counterexample it finds
// for the lost update is the minimal one.
func TestChooserShrinks(t *testing.T) {
	// The failure is expected: it is not a regression for rapid to save
	// under testdata/ and replay.
	f := flag.Lookup("rapid.nofailfile")
	require.NotNil(t, f)
	old := f.Value.String()
	require.NoError(t, flag.Set("rapid.nofailfile", "true"))
	t.Cleanup(func() { flag.Set("rapid.nofailfile", old) })
	var failing *sim.Result
	rapid.Check(&shrinkRecorder{T: t}, func(rt *rapid.T) {
		r := sim.Run(sim.Options{Chooser: NewChooser(rt)}, lostUpdate)
		if r.Failure != nil {
			failing = r
			rt.Fatalf("%v", r.Failure)
		}
	})
	require.NotNil(t, failing, "rapid should find the lost update")
	require.Equal(t, sim.KindPanic, failing.Failure.Kind)
	// Measured: 7 decisions (two spawns, the interleaving, the joins).
	require.LessOrEqual(t, len(failing.Schedule()), 8, "shrunk schedule: %v", failing.Schedule())
}

// With a timer horizon the world also asks time decisions; rapid answers
// them like any other, and a correct program passes under every answer.
func TestChooserAnswersTimeDecisions(t *testing.T) {
	asked := 0
	rapid.Check(t, func(rt *rapid.T) {
		r := sim.Run(sim.Options{Chooser: NewChooser(rt), TimerHorizon: 2 * time.Millisecond}, func(rt sim.Runtime) {
			wg := rt.NewWaitGroup()
			for i := range 3 {
				wg.Go("sleeper", func() {
					for range 3 {
						rt.Sleep(time.Millisecond + time.Duration(i)*100*time.Microsecond)
					}
				})
			}
			rt.Yield()
			wg.Wait()
		})
		if r.Failure != nil {
			rt.Fatalf("%v", r.Err())
		}
		for _, c := range r.Schedule() {
			if c.Kind == sim.TimeDecision {
				asked++
			}
		}
	})
	require.Positive(t, asked, "no run asked a time decision")
}

// shrinkRecorder lets rapid.Check run to its shrunk failure without
// failing the enclosing test.
type shrinkRecorder struct{ *testing.T }

func (s *shrinkRecorder) Error(args ...any)                 {}
func (s *shrinkRecorder) Errorf(format string, args ...any) {}
func (s *shrinkRecorder) Fatal(args ...any)                 {}
func (s *shrinkRecorder) Fatalf(format string, args ...any) {}
func (s *shrinkRecorder) Fail()                             {}
func (s *shrinkRecorder) FailNow()                          {}
