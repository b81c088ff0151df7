package executor

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/stretchr/testify/require"
)

const simTimeout = time.Second

// outcome of a scenario body, checked after the world is over (a world
// goroutine must not call t.Fatal).
type outcome struct {
	err      error
	blockErr error
	note     string
}

// startSimCluster builds and starts a coordinator and numShards shards on
// tr at the world's standard addresses (simAddrs).
func startSimCluster(rt sim.Runtime, tr transport.Transport, numShards int, opts ...Option) (*cluster, error) {
	coordAddr, shardAddrs := simAddrs(numShards)
	c, err := newCluster(rt, tr, coordAddr, shardAddrs, simTimeout, opts...)
	if err != nil {
		return nil, err
	}
	return c, c.start()
}

// lifecycleScenario is the standard world scenario: a coordinator and numShards
// shards start; a client executes blocks while, after a drawn delay,
// everything shuts down (shards first, in a drawn order, or the
// coordinator first).
func lifecycleScenario(numShards, blocks int, opts ...Option) (func(rt sim.Runtime), *outcome) {
	out := &outcome{}
	return func(rt sim.Runtime) {
		tr := newSimNet(rt, 2)
		defer tr.Close()
		c, err := startSimCluster(rt, tr, numShards, opts...)
		if err != nil {
			out.err = err
			return
		}
		done := sim.NewChan[error](rt, 1)
		rt.Go("client", func() {
			st := genesis(6)
			ctx, cancel := rt.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var err error
			for b := 0; b < blocks && err == nil; b++ {
				txns := genBlock(func(n int) int { return rt.Choose("txn", n) }, 6, 6)
				err = runBlock(ctx, c.coord, numShards, st, txns)
			}
			done.Send(err)
		})
		rt.Sleep(time.Duration(rt.Choose("shutdown-delay", 40)) * time.Millisecond)
		coordFirst := rt.Choose("coordinator-first", 2) == 0
		if coordFirst {
			c.coord.Shutdown()
		}
		early, err := c.shutdown()
		out.err = err
		if early > 0 {
			out.note = "running after shutdown"
		}
		for i, s := range c.shards {
			st := s.LoopStats()
			if s.Running() == 0 && st.Commands != st.ResultsSent+st.ResultsLost {
				out.err = errors.Join(out.err, fmt.Errorf("shard %d: %+v: a command without a result", i, st))
			}
			// With the coordinator up, a correct shard loses no result.
			if !coordFirst && st.ResultsLost > 0 && s.Defects() == 0 {
				out.err = errors.Join(out.err, fmt.Errorf("shard %d: %+v: result lost while the coordinator was up", i, st))
			}
		}
		out.blockErr, _ = done.Recv()
	}, out
}

// worldOptions alternates the random walk and PCT (depth 2), which
// starves one goroutine at a time and so finds orders a walk rarely takes.
// PCT is sized for the runs' length (up to about 1,000 steps): past the
// length it is given it chooses fairly, and starves nobody.
func worldOptions(seed uint64) sim.Options {
	if seed%2 == 0 {
		return sim.Options{Seed: seed, Chooser: sim.NewPCT(seed, 2, 1000)}
	}
	return sim.Options{Seed: seed}
}

func TestWorldCorrectLifecycle(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	var results, shutdowns int
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		body, out := lifecycleScenario(2+int(seed%3)/2, 2)
		res := sim.Run(worldOptions(seed), body)
		if res.Failure != nil {
			t.Fatalf("seed %d: %s", seed, res.Failure.Report())
		}
		if out.err != nil {
			t.Fatalf("seed %d: %v", seed, out.err)
		}
		switch {
		case out.blockErr == nil:
			results++
		case errors.Is(out.blockErr, ErrShutdown):
			shutdowns++
		default:
			// The coordinator always shuts down well before the client's
			// deadline, so a deadline here is a block that was lost.
			t.Fatalf("seed %d: block outcome %v: want a result or ErrShutdown", seed, out.blockErr)
		}
	}
	t.Logf("%d seeds: %d results, %d ErrShutdown", seeds, results, shutdowns)
	if results == 0 || shutdowns == 0 {
		t.Fatalf("the scenario did not exercise both outcomes: %d results, %d ErrShutdown", results, shutdowns)
	}
}

// poc is the audit's proof of concept in a world: a shard starts and shuts
// down at once. It reports whether ExecutorService-0 was still running
// right after Shutdown returned.
func poc(opts ...Option) (func(rt sim.Runtime), *outcome) {
	out := &outcome{}
	return func(rt sim.Runtime) {
		tr := newSimNet(rt, 0)
		defer tr.Close()
		s, err := NewExecutorService(rt, tr, ServiceConfig{NumShards: 1, SelfAddr: "shard-0:7000", CoordinatorAddr: "coordinator:7000", Timeout: simTimeout}, opts...)
		if err != nil {
			out.err = err
			return
		}
		if err := s.Start(); err != nil {
			out.err = err
			return
		}
		rt.Sleep(time.Duration(rt.Choose("shutdown-delay", 3)) * time.Millisecond)
		out.err = s.Shutdown()
		if s.Running() > 0 {
			out.note = "running after shutdown"
		}
	}, out
}

func waitingNames(f *sim.Failure) []string {
	var names []string
	for _, w := range f.Waiting {
		names = append(names, w.Goroutine.Name)
	}
	return names
}

func TestWorldDefectsThatLeak(t *testing.T) {
	for _, defects := range [][]string{
		{DefectNoStopSignal, DefectNoJoin, DefectSendersNeverClosed}, // the audit's PoC
		{DefectNoStopSignal, DefectSendersNeverClosed},               // Shutdown waits its timeout, then reports
	} {
		t.Run(DefectSet(mustDefects(t, defects...)).String(), func(t *testing.T) {
			for seed := uint64(1); seed <= 50; seed++ {
				body, out := poc(WithDefect(defects...))
				res := sim.Run(worldOptions(seed), body)
				if res.Failure == nil || res.Failure.Kind != sim.KindLeak {
					t.Fatalf("seed %d: failure %v, want a leak", seed, res.Failure)
				}
				names := waitingNames(res.Failure)
				if !contains(names, "ExecutorService-0") {
					t.Fatalf("seed %d: leaked %v, want ExecutorService-0 among them", seed, names)
				}
				joins := !contains(defects, DefectNoJoin)
				if joins != (out.err != nil) {
					t.Fatalf("seed %d: Shutdown returned %v; want an error exactly when it joins", seed, out.err)
				}
			}
		})
	}
}

// Each defect alone does what the original's piece did, and no more:
// no-stop-signal leaves a loop blocked in a state read (nothing else wakes
// it) but not an idle one (the closed command channel does); senders-never-
// closed leaves the state-value receiver blocked forever; no-join lets
// Shutdown return while the loop still runs; panic-on-send-after-shutdown
// stops the outbound side before the loop's last result, which panics.
func TestWorldDefectsAlone(t *testing.T) {
	type tally struct{ pocFailures, lifeLeaks, lifePanics, early, shutdownErrs int }
	want := map[string]func(t *testing.T, n tally){
		DefectNoStopSignal: func(t *testing.T, n tally) {
			require.Zero(t, n.pocFailures, "an idle loop still stops on the closed command channel")
			require.Positive(t, n.lifeLeaks+n.shutdownErrs, "a loop blocked in a state read is never released")
		},
		DefectSendersNeverClosed: func(t *testing.T, n tally) {
			require.Equal(t, 60, n.pocFailures, "the state-value receiver blocks forever on every seed")
		},
		DefectNoJoin: func(t *testing.T, n tally) {
			require.Zero(t, n.pocFailures+n.lifeLeaks+n.lifePanics)
			require.Positive(t, n.early, "Shutdown returns while the loop still runs")
		},
		DefectPanicOnSendAfterShutdown: func(t *testing.T, n tally) {
			require.Zero(t, n.pocFailures, "no block in flight, no result to send")
			require.Positive(t, n.lifePanics, "a block cut short by shutdown sends its result to a gone outbound side")
		},
	}
	for _, d := range []string{DefectNoStopSignal, DefectSendersNeverClosed, DefectPanicOnSendAfterShutdown, DefectNoJoin} {
		t.Run(d, func(t *testing.T) {
			var n tally
			for seed := uint64(1); seed <= 60; seed++ {
				body, out := poc(WithDefect(d))
				if res := sim.Run(worldOptions(seed), body); res.Failure != nil {
					n.pocFailures++
				}
				if out.note != "" {
					n.early++
				}
				body, out = lifecycleScenario(2, 1, WithDefect(d))
				res := sim.Run(worldOptions(seed), body)
				switch {
				case res.Failure == nil:
				case res.Failure.Kind == sim.KindLeak:
					n.lifeLeaks++
				case res.Failure.Kind == sim.KindPanic:
					n.lifePanics++
				default:
					t.Fatalf("seed %d, lifecycle: %s", seed, res.Failure.Report())
				}
				if out.err != nil {
					n.shutdownErrs++
				}
				if out.note != "" {
					n.early++
				}
			}
			t.Logf("%+v", n)
			want[d](t, n)
		})
	}
}

func TestWorldPanicOnSendAfterShutdown(t *testing.T) {
	for _, defects := range [][]string{
		{DefectNoJoin, DefectPanicOnSendAfterShutdown},
		{DefectNoStopSignal, DefectNoJoin, DefectSendersNeverClosed, DefectPanicOnSendAfterShutdown},
	} {
		t.Run(DefectSet(mustDefects(t, defects...)).String(), func(t *testing.T) {
			for seed := uint64(1); seed <= 300; seed++ {
				body, _ := lifecycleScenario(2, 1, WithDefect(defects...))
				res := sim.Run(worldOptions(seed), body)
				if res.Failure == nil {
					continue
				}
				if res.Failure.Kind == sim.KindPanic {
					t.Logf("seed %d: %v", seed, res.Failure)
					return
				}
				if res.Failure.Kind != sim.KindLeak {
					t.Fatalf("seed %d: %s", seed, res.Failure.Report())
				}
			}
			t.Fatal("no seed of 300 panicked")
		})
	}
}

func mustDefects(t *testing.T, names ...string) DefectSet {
	t.Helper()
	s, err := ParseDefects(names...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ServiceConfig.Logf receives the service's log lines: a message of a type
// nobody registered is dropped, and the line says so with the service's
// name. Without Logf (nil is off) the same run drops the message quietly
// and shuts down cleanly.
func TestServiceLogf(t *testing.T) {
	for _, withLog := range []bool{true, false} {
		var lines []string
		inWorld(t, 1, func(rt sim.Runtime) error {
			tr := newSimNet(rt, 0)
			defer tr.Close()
			cfg := ServiceConfig{NumShards: 1, SelfAddr: "shard:1", CoordinatorAddr: "coord:1", Timeout: simTimeout}
			if withLog {
				cfg.Logf = func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
			}
			s, err := NewExecutorService(rt, tr, cfg)
			if err != nil {
				return err
			}
			if err := s.Start(); err != nil {
				return err
			}
			if err := tr.Send(context.Background(), "shard:1", transport.Message{Type: "no-such-type", Data: []byte("x")}); err != nil {
				return err
			}
			rt.Sleep(10 * time.Millisecond)
			return s.Shutdown()
		})
		if !withLog {
			continue
		}
		require.Len(t, lines, 1, "%q", lines)
		require.Contains(t, lines[0], `ExecutorService-0: dropping message of unknown type "no-such-type"`)
	}
}
