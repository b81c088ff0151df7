package plain

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/stretchr/testify/require"
)

// Conformance of plain calls: each program is plain Go with its
// concurrency operations written as the rewriter writes them (plain.*
// calls), and returns an outcome that Go determines whatever the schedule.
// It runs once natively (no world: the plain calls are Go's own
// operations) and in worlds under many seeds of both strategies; every run
// must give the expected outcome.

type panicked string

type program struct {
	name string
	run  func() any
	want any
	// worldOnly marks a program that native Go cannot survive (a fatal
	// error of package sync, which no recover catches) or that the race
	// detector rejects natively.
	worldOnly bool
}

const (
	conformanceSeeds = 30
	nativeTimeout    = 10 * time.Second
	// gap lets every other goroutine reach the point it blocks at: wall
	// clock natively, virtual (and free) in a world.
	gap = 20 * time.Millisecond
)

func words(a ...any) string { return strings.TrimSuffix(fmt.Sprintln(a...), "\n") }

func panicMessage(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return fmt.Sprint(r)
}

func runNative(t *testing.T, p func() any) any {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- panicked(panicMessage(r))
			}
		}()
		done <- p()
	}()
	select {
	case v := <-done:
		return v
	case <-time.After(nativeTimeout):
		t.Fatalf("program hung natively for %v", nativeTimeout)
		return nil
	}
}

func runWorld(t *testing.T, p func() any, opts sim.Options) (any, *sim.Result) {
	t.Helper()
	var out any
	opts.Watchdog = 5 * time.Second
	res := sim.Run(opts, func(sim.Runtime) { out = p() })
	if f := res.Failure; f != nil {
		if f.Kind != sim.KindPanic || f.Goroutine.Name != "main" {
			t.Fatalf("world failed: %s", f.Report())
		}
		return panicked(f.Message), res
	}
	return out, res
}

func worldOptions(seed uint64, pct bool) sim.Options {
	if pct {
		return sim.Options{Seed: seed, Chooser: sim.NewPCT(seed, 3, 200)}
	}
	return sim.Options{Seed: seed}
}

func runConformance(t *testing.T, programs []program) {
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			if !p.worldOnly {
				require.Equal(t, p.want, runNative(t, p.run), "native")
			}
			for _, pct := range []bool{false, true} {
				for seed := range uint64(conformanceSeeds) {
					got, _ := runWorld(t, p.run, worldOptions(seed, pct))
					require.Equal(t, p.want, got, "world, seed %d, pct %v", seed, pct)
				}
			}
			_, a := runWorld(t, p.run, worldOptions(7, false))
			_, b := runWorld(t, p.run, worldOptions(7, false))
			require.Equal(t, a.Hash, b.Hash, "the same seed takes the same path")
		})
	}
}

// produce is an unbuffered channel on which a goroutine sends 1 to n and
// then closes it.
func produce(n int) chan int {
	ch := make(chan int)
	Go(func() {
		for i := 1; i <= n; i++ {
			Send(ch, i)
		}
		Close(ch)
	})
	return ch
}

// recvAll is `for v := range ch` collecting the values, as the rewriter
// writes it; recvAllAssigned is `for v = range ch`.
func recvAll[T any](ch <-chan T) []T {
	var out []T
	for c, v, ok := RangeChan(ch); ok; v, ok = RecvNext(c, v) {
		out = append(out, v)
	}
	return out
}

func recvAllAssigned[T any](ch <-chan T) []T {
	var out []T
	var v T
	for v = range Range(ch) {
		out = append(out, v)
	}
	return out
}
