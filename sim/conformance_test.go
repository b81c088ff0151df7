package sim

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The conformance test: small programs whose outcome Go determines,
// whatever the schedule (values received, ok flags, panics, buffered
// order), run on the real kit once and in a world under many schedules.
// Every run must give the program's expected outcome.

// panicked is the outcome of a program that panicked: the panic message.
type panicked string

// program is one conformance program. run returns its outcome; want is
// what Go's semantics determine it to be.
type program struct {
	name string
	run  func(rt Runtime) any
	want any
	// worldOnly marks a program the real kit cannot survive (a fatal error
	// of package sync, which no recover catches).
	worldOnly bool
	// skip, when set, says why the program is not run (a known
	// divergence, documented with its fix).
	skip string
}

const (
	conformanceSeeds = 50
	realTimeout      = 10 * time.Second
)

// words formats its operands with spaces between them all, as Println
// does, for outcomes that read as one line.
func words(a ...any) string { return strings.TrimSuffix(fmt.Sprintln(a...), "\n") }

func panicMessage(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return fmt.Sprint(r) // as a world reports it
}

// runReal runs p on the real kit, turning a panic of the program's main
// goroutine into its outcome; a program that hangs fails the test.
func runReal(t *testing.T, p func(Runtime) any) any {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- panicked(panicMessage(r))
			}
		}()
		done <- p(NewReal(1))
	}()
	select {
	case v := <-done:
		return v
	case <-time.After(realTimeout):
		t.Fatalf("program hung on the real kit for %v", realTimeout)
		return nil
	}
}

// runWorld runs p in a world with opts. A panic is the outcome
// panicked(message); any other failure (deadlock, leak, budget) fails the
// test, since every program here must end cleanly.
func runWorld(t *testing.T, p func(Runtime) any, opts Options) (any, *Result) {
	t.Helper()
	var out any
	opts.Watchdog = 5 * time.Second
	res := Run(opts, func(rt Runtime) { out = p(rt) })
	if f := res.Failure; f != nil {
		if f.Kind != KindPanic {
			t.Fatalf("world failed: %s", f.Report())
		}
		require.Equal(t, "main", f.Goroutine.Name, "the panic must be the program's own")
		return panicked(f.Message), res
	}
	return out, res
}

func worldOptions(seed uint64, pct bool) Options {
	if pct {
		return Options{Seed: seed, Chooser: NewPCT(seed, 3, 200)}
	}
	return Options{Seed: seed}
}

func runConformance(t *testing.T, programs []program) {
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			if p.skip != "" {
				t.Skip(p.skip)
			}
			if !p.worldOnly {
				require.Equal(t, p.want, runReal(t, p.run), "real kit")
			}
			for _, pct := range []bool{false, true} {
				for seed := range uint64(conformanceSeeds) {
					got, _ := runWorld(t, p.run, worldOptions(seed, pct))
					require.Equal(t, p.want, got, "world, seed %d, pct %v", seed, pct)
				}
			}
			// The same seed takes the same path.
			for _, pct := range []bool{false, true} {
				_, a := runWorld(t, p.run, worldOptions(7, pct))
				_, b := runWorld(t, p.run, worldOptions(7, pct))
				require.Equal(t, a.Hash, b.Hash, "hash, pct %v", pct)
				require.Equal(t, a.Steps, b.Steps, "steps, pct %v", pct)
			}
		})
	}
}

// recvAll receives from ch until it is closed and drained.
func recvAll[T any](ch Chan[T]) []T {
	var out []T
	for {
		v, ok := ch.Recv()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// gap is a wall-clock interval long enough for the real kit to have let
// every other goroutine reach the point it blocks at. In a world it is
// virtual: the clock only moves once every goroutine is blocked.
const gap = 30 * time.Millisecond
