package fakenet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

var noisy = Config{LinkConfig: LinkConfig{
	LatencyMin:           time.Millisecond,
	LatencyMax:           20 * time.Millisecond,
	LossProbability:      0.1,
	DuplicateProbability: 0.1,
	ReorderProbability:   0.1,
}}

func TestSameSeedSameDeliveries(t *testing.T) {
	x := exchange{cfg: noisy, senders: 3, count: 40}
	a, b := x.run(t, 7), x.run(t, 7)
	require.Equal(t, a.res.Hash, b.res.Hash, "same seed, different trace hash")
	require.Equal(t, a.got, b.got, "same seed, different deliveries")
	require.Equal(t, notes(a.res), notes(b.res))
	require.NotEmpty(t, a.got)

	c := x.run(t, 8)
	require.NotEqual(t, a.res.Hash, c.res.Hash, "seeds 7 and 8 gave the same trace")
	require.NotEqual(t, a.got, c.got, "seeds 7 and 8 gave the same deliveries")
}

func TestAccounting(t *testing.T) {
	x := exchange{cfg: noisy, senders: 2, count: 50}
	for seed := range uint64(5) {
		r := x.run(t, seed)
		requireAccounted(t, x, r, seed)
		require.Equal(t, int(r.stats.Reordered), countPrefix(notes(r.res), "reorder "), "seed %d", seed)
	}
}

// requireAccounted checks that every message of an exchange has one fate,
// counted in the link stats and traced.
func requireAccounted(t *testing.T, x exchange, r exchangeResult, seed uint64) {
	t.Helper()
	s := r.stats
	require.Equal(t, int64(x.senders*x.count), s.Sent, "seed %d", seed)
	require.Equal(t, s.Sent+s.Duplicated, s.Delivered+s.Lost+s.Dropped(), "seed %d: %+v", seed, s)
	require.Equal(t, int64(len(r.got)), s.Delivered, "seed %d", seed)
	ns := notes(r.res)
	require.Equal(t, int(s.Delivered), countPrefix(ns, "deliver "), "seed %d", seed)
	require.Equal(t, int(s.Lost), countPrefix(ns, "lost "), "seed %d", seed)
	require.Equal(t, int(s.Duplicated), countPrefix(ns, "duplicate "), "seed %d", seed)
}

func TestFIFOWithoutReordering(t *testing.T) {
	cfg := noisy
	cfg.ReorderProbability = 0
	cfg.LatencyMax = 50 * time.Millisecond // far more spread than the send gap
	x := exchange{cfg: cfg, senders: 3, count: 60}
	for seed := range uint64(40) {
		r := x.run(t, seed)
		last := map[string]int{}
		for _, typ := range r.got {
			from, i := seqOf(typ)
			prev, seen := last[from]
			// Duplicates may repeat a number, never go back.
			require.False(t, seen && i < prev, "seed %d: %s arrived after %s/%d: %v", seed, typ, from, prev, r.got)
			last[from] = i
		}
		require.Greater(t, len(r.got), x.senders*x.count/2, "seed %d", seed)
	}
}

func TestCloseLeavesNothingRunning(t *testing.T) {
	var recvErrs, inFlightErrs []error
	var sendErr, listenErr, hostErr, planErr error
	var stats LinkStats
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: time.Second}}))
		a, b := must1(n.Host("a")), must1(n.Host("b"))
		l := must1(b.Listen("b:1"))
		done := rt.NewWaitGroup()
		for i := range 3 {
			done.Go(fmt.Sprintf("receiver %d", i), func() {
				_, err := l.Recv(bg)
				recvErrs = append(recvErrs, err)
			})
		}
		for i := range 5 {
			done.Go(fmt.Sprintf("sender %d", i), func() {
				err := a.Send(bg, "b:1", msg("m")) // still in flight at Close
				inFlightErrs = append(inFlightErrs, err)
			})
		}
		must(n.Start(Plan{{At: time.Hour, Kind: FaultCrash, Host: "a"}}))
		rt.Sleep(time.Millisecond)
		must(n.Close())
		must(n.Close()) // idempotent
		done.Wait()
		sendErr = a.Send(bg, "b:1", msg("late"))
		_, listenErr = b.Listen("b:2")
		_, hostErr = n.Host("c")
		planErr = n.Start(nil)
		stats = n.Totals()
	})
	require.Len(t, recvErrs, 3)
	require.Len(t, inFlightErrs, 5)
	for _, err := range inFlightErrs {
		require.ErrorIs(t, err, transport.ErrClosed, "a send in flight at Close fails")
	}
	for _, err := range recvErrs {
		require.ErrorIs(t, err, transport.ErrClosed)
	}
	require.ErrorIs(t, sendErr, transport.ErrClosed)
	require.ErrorIs(t, listenErr, transport.ErrClosed)
	require.ErrorContains(t, hostErr, "closed")
	require.ErrorContains(t, planErr, "closed")
	require.Equal(t, int64(5), stats.DroppedClosed)
}

func TestForgottenCloseIsALeak(t *testing.T) {
	res := sim.Run(sim.Options{Seed: 1}, func(rt sim.Runtime) {
		must1(New(rt, Config{}))
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindLeak, res.Failure.Kind)
	require.Contains(t, res.Failure.Report(), "fakenet courier")
}

func TestRecvContext(t *testing.T) {
	var timeoutErr, cancelErr, sendErr error
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{}))
		defer n.Close()
		a := must1(n.Host("a"))
		l := must1(a.Listen(":1"))
		ctx, cancel := rt.WithTimeout(bg, time.Second)
		defer cancel()
		_, timeoutErr = l.Recv(ctx)
		ctx2, cancel2 := rt.WithCancel(bg)
		cancel2()
		_, cancelErr = l.Recv(ctx2)
		sendErr = a.Send(ctx2, "a:1", msg("x"))
	})
	require.ErrorIs(t, timeoutErr, context.DeadlineExceeded)
	require.ErrorIs(t, cancelErr, context.Canceled)
	require.ErrorIs(t, sendErr, context.Canceled)
}

func TestManyReceiversOneListener(t *testing.T) {
	const count = 100
	for seed := range uint64(10) {
		got := map[string]int{}
		world(t, seed, func(rt sim.Runtime) {
			n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMax: 3 * time.Millisecond}}))
			a, b := must1(n.Host("a")), must1(n.Host("b"))
			l := must1(b.Listen("b:1"))
			wg := rt.NewWaitGroup()
			for r := range 3 {
				wg.Go(fmt.Sprintf("receiver %d", r), func() {
					for {
						m, err := l.Recv(bg)
						if err != nil {
							return
						}
						got[m.Type]++
					}
				})
			}
			for i := range count {
				must(a.Send(bg, "b:1", msg(fmt.Sprint(i))))
			}
			rt.Sleep(time.Second)
			must(n.Close())
			wg.Wait()
		})
		require.Len(t, got, count, "seed %d", seed)
		for typ, k := range got {
			require.Equal(t, 1, k, "seed %d: %s received %d times", seed, typ, k)
		}
	}
}

func TestSendCopiesData(t *testing.T) {
	var got []byte
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond}}))
		defer n.Close()
		a := must1(n.Host("a"))
		l := must1(a.Listen(":1"))
		buf := []byte("hello")
		must(a.Send(bg, "a:1", transport.Message{Type: "t", Data: buf}))
		copy(buf, "XXXXX") // the sender reuses its buffer at once
		got = must1(l.Recv(bg)).Data
	})
	require.Equal(t, "hello", string(got))
}

func TestBadInput(t *testing.T) {
	bad := []Config{
		{LinkConfig: LinkConfig{LossProbability: -0.1}},
		{LinkConfig: LinkConfig{DuplicateProbability: 1.5}},
		{LinkConfig: LinkConfig{ReorderProbability: math.NaN()}},
		{LinkConfig: LinkConfig{LatencyMin: -time.Second}},
		{LinkConfig: LinkConfig{LatencyMin: 2 * time.Second, LatencyMax: time.Second}},
		{PortHoldAfterCrash: -1},
		{ListenerQueueMax: -1},
	}
	var errs []error
	world(t, 1, func(rt sim.Runtime) {
		for _, c := range bad {
			_, err := New(rt, c)
			errs = append(errs, err)
		}
		_, err := New(nil, Config{})
		errs = append(errs, err)

		n := must1(New(rt, Config{}))
		defer n.Close()
		a := must1(n.Host("a"))
		must1(n.Host("b"))
		_, err = n.Host("")
		errs = append(errs, err)
		_, err = n.Host("x:1")
		errs = append(errs, err)
		for _, addr := range []string{"nope", "a:", "a:x", "a:99999", "a:-1", "a:+1", "b:1", "x y:1"} {
			_, err := a.Listen(addr)
			errs = append(errs, err)
		}
		for _, addr := range []string{"b", "b:0", ":1", "b:70000"} {
			errs = append(errs, a.Send(bg, addr, msg("m")))
		}
		errs = append(errs,
			n.Crash("zz"), n.Restart("zz"), n.Partition("a", "zz"), n.PartitionOneWay("zz", "a"),
			n.Heal("a", "a"), n.Partition("a", "a"),
			n.SetLink("a", "b", LinkConfig{LossProbability: 2}), n.SetLink("a", "zz", LinkConfig{}),
			n.Start(Plan{{Kind: FaultCrash}}), n.Start(Plan{{Kind: 99, Host: "a"}}),
			n.Start(Plan{{Kind: FaultPartition, Host: "a"}}), n.Start(Plan{{Kind: FaultCrash, Host: "zz"}}),
			n.Start(Plan{{Kind: FaultCrash, Host: "a", At: -1}}), n.Start(Plan{{Kind: FaultCrash, Host: "a", Peer: "b"}}),
		)
		_, err = n.LinkStats("a", "zz")
		errs = append(errs, err)
		_, err = DrawPlan(rt, []string{"a"}, PlanConfig{EpisodesMax: -1})
		errs = append(errs, err)
		_, err = DrawPlan(rt, []string{"a"}, PlanConfig{EpisodesMax: 1, Kinds: []FaultKind{FaultPartition}})
		errs = append(errs, err)
		_, err = DrawPlan(rt, []string{"a", "b"}, PlanConfig{EpisodesMax: 1, Kinds: []FaultKind{FaultHeal}})
		errs = append(errs, err)
	})
	for i, err := range errs {
		require.Error(t, err, "case %d", i)
		s := err.Error()
		require.True(t, strings.HasPrefix(s, "fakenet: "), "case %d: %q lacks the prefix", i, s)
	}
	require.False(t, errors.Is(errs[0], transport.ErrRefused))
}

// TestRealKit runs an exchange on native goroutines and the wall clock.
func TestRealKit(t *testing.T) {
	rt := sim.NewReal(1)
	n, err := New(rt, Config{LinkConfig: LinkConfig{LatencyMin: 100 * time.Microsecond, LatencyMax: 2 * time.Millisecond}})
	require.NoError(t, err)
	a, err := n.Host("a")
	require.NoError(t, err)
	b, err := n.Host("b")
	require.NoError(t, err)
	l, err := b.Listen(":0")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(l.Addr(), "b:"))

	const count = 50
	wg := rt.NewWaitGroup()
	for s := range 2 {
		wg.Go("sender", func() {
			for i := range count {
				// t.Error, not require: FailNow must not run off the test goroutine.
				if err := a.Send(bg, l.Addr(), msg(fmt.Sprintf("s%d/%d", s, i))); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	ctx, cancel := rt.WithTimeout(bg, 10*time.Second)
	defer cancel()
	last := map[string]int{"s0": -1, "s1": -1}
	for range 2 * count {
		m, err := l.Recv(ctx)
		require.NoError(t, err)
		from, i := seqOf(m.Type)
		require.Equal(t, last[from]+1, i, "FIFO broken on the real kit")
		last[from] = i
	}
	wg.Wait()
	require.ErrorIs(t, b.Send(bg, "a:9", msg("x")), transport.ErrRefused)
	require.NoError(t, n.Close())
	_, err = l.Recv(bg)
	require.ErrorIs(t, err, transport.ErrClosed)
	require.Equal(t, int64(2*count), must1(n.LinkStats("a", "b")).Delivered)
}
