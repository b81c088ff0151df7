package fakenet

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

func TestScriptedPlan(t *testing.T) {
	plan := Plan{
		{At: 30 * time.Millisecond, Kind: FaultHeal, Host: "a", Peer: "c"},
		{At: 10 * time.Millisecond, Kind: FaultCrash, Host: "b"},
		{At: 5 * time.Millisecond, Kind: FaultPartition, Host: "a", Peer: "c"},
		{At: 20 * time.Millisecond, Kind: FaultRestart, Host: "b"},
		{At: 40 * time.Millisecond, Kind: FaultPartitionOneWay, Host: "c", Peer: "a"},
	}
	type probe struct {
		bUp bool
		toB error
	}
	var probes []probe
	var toC, fromC LinkStats
	res := world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{}))
		a := must1(n.Host("a"))
		must1(n.Host("b"))
		c := must1(n.Host("c"))
		must1(a.Listen(":1"))
		must1(c.Listen(":1"))
		must(n.Start(plan))
		senders := rt.NewWaitGroup()
		rt.Sleep(time.Millisecond) // probes at 9, 17, 25, 33, 41ms: never at a fault's time
		for range 5 {
			rt.Sleep(8 * time.Millisecond)
			// From goroutines: a partitioned send waits for its deadline,
			// and the probes keep their times.
			senders.Go("a->c", func() { unheard(sendWithin(rt, a, "c:1", msg("x"))) })
			senders.Go("c->a", func() { unheard(sendWithin(rt, c, "a:1", msg("y"))) })
			probes = append(probes, probe{bUp: n.Up("b"), toB: a.Send(bg, "b:1", msg("z"))})
		}
		senders.Wait()
		toC, fromC = must1(n.LinkStats("a", "c")), must1(n.LinkStats("c", "a"))
		must(n.Close())
	})
	// b is down only between 10ms and 20ms: at 17ms its send is refused
	// for the host being down; elsewhere for nobody listening.
	require.True(t, probes[0].bUp)
	require.False(t, probes[1].bUp)
	require.ErrorContains(t, probes[1].toB, "down")
	require.True(t, probes[2].bUp)
	for _, p := range probes {
		require.ErrorIs(t, p.toB, transport.ErrRefused)
	}
	// a<->c cut from 5ms to 30ms drops the sends at 9, 17, 25ms both ways;
	// c->a cut from 40ms drops c's send at 41ms too.
	require.Equal(t, int64(3), toC.DroppedPartition)
	require.Equal(t, int64(2), toC.Delivered)
	require.Equal(t, int64(4), fromC.DroppedPartition)
	require.Equal(t, int64(1), fromC.Delivered)
	require.Equal(t, plan.sorted().String(), plan.String())
	require.Equal(t, "+5ms partition a c\n+10ms crash b\n+20ms restart b\n+30ms heal a c\n+40ms partition-one-way c a\n", plan.String())
	ns := notes(res)
	for _, want := range []string{"partition a<->c", "crash b", "restart b", "heal a<->c", "partition one-way c->a"} {
		require.Contains(t, ns, want)
	}
}

func TestDrawPlan(t *testing.T) {
	hosts := []string{"c", "a", "b"}
	cfg := PlanConfig{EpisodesMax: 6, StartMax: time.Second, DurationMax: 200 * time.Millisecond}
	draw := func(seed uint64) Plan {
		var p Plan
		world(t, seed, func(rt sim.Runtime) { p = must1(DrawPlan(rt, hosts, cfg)) })
		return p
	}
	require.Equal(t, draw(3), draw(3), "same seed, different plan")
	kinds := map[FaultKind]int{}
	differ := false
	for seed := range uint64(30) {
		p := draw(seed)
		differ = differ || p.String() != draw(3).String()
		require.LessOrEqual(t, len(p), 2*cfg.EpisodesMax)
		for i, f := range p {
			require.NoError(t, f.check())
			kinds[f.Kind]++
			require.LessOrEqual(t, f.At, cfg.StartMax+cfg.DurationMax)
			if i > 0 {
				require.LessOrEqual(t, p[i-1].At, f.At, "plan not in time order")
			}
		}
		// Every fault is undone.
		require.Equal(t, kinds[FaultCrash], kinds[FaultRestart])
		require.Equal(t, kinds[FaultPartition]+kinds[FaultPartitionOneWay], kinds[FaultHeal])
	}
	require.True(t, differ)
	for _, k := range []FaultKind{FaultCrash, FaultPartition, FaultPartitionOneWay} {
		require.Positive(t, kinds[k], "%v never drawn", k)
	}

	// Answer 0 everywhere is the empty plan: what shrinking converges to.
	var empty Plan
	res := sim.Run(sim.Options{Chooser: sim.NewBytes(nil)}, func(rt sim.Runtime) { empty = must1(DrawPlan(rt, hosts, cfg)) })
	require.Nil(t, res.Failure)
	require.Empty(t, empty)
}

// TestDrawnPlanRuns draws a plan in the world and runs it against traffic:
// the run is deterministic and every fault shows in the trace.
func TestDrawnPlanRuns(t *testing.T) {
	run := func(seed uint64) (*sim.Result, Plan, LinkStats) {
		var plan Plan
		var totals LinkStats
		res := world(t, seed, func(rt sim.Runtime) {
			n := must1(New(rt, noisy))
			names := []string{"a", "b", "c"}
			hs := map[string]*Host{}
			for _, name := range names {
				hs[name] = must1(n.Host(name))
			}
			plan = must1(DrawPlan(rt, names, PlanConfig{EpisodesMax: 4, StartMax: 50 * time.Millisecond, DurationMax: 30 * time.Millisecond}))
			must(n.Start(plan))
			wg := rt.NewWaitGroup()
			for _, name := range names {
				wg.Go("node "+name, func() {
					for range 100 {
						// Listen again in case a restart closed it; while the
						// listener is up this fails with ErrAddrInUse.
						_, _ = hs[name].Listen(":1")
						for _, to := range names {
							_ = sendWithin(rt, hs[name], to+":1", msg(name))
						}
						rt.Sleep(time.Millisecond)
					}
				})
			}
			wg.Wait()
			totals = n.Totals()
			must(n.Close())
		})
		return res, plan, totals
	}
	crashes, refused := 0, int64(0)
	for seed := range uint64(5) {
		r1, p1, t1 := run(seed)
		r2, p2, t2 := run(seed)
		require.Equal(t, r1.Hash, r2.Hash, "seed %d", seed)
		require.Equal(t, p1, p2, "seed %d", seed)
		require.Equal(t, t1, t2, "seed %d", seed)
		ns := notes(r1)
		for _, f := range p1 {
			switch f.Kind {
			case FaultCrash, FaultRestart:
				crashes++
				require.Contains(t, ns, f.Kind.String()+" "+f.Host, "seed %d", seed)
			}
		}
		require.Positive(t, t1.Delivered, "seed %d", seed)
		refused += t1.Refused
	}
	require.Positive(t, crashes, "no seed drew a crash")
	require.Positive(t, refused, "no send was refused: the crashes did not show")
}
