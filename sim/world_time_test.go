package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The programs of these tests race a timer against running code. The
// sender waits for a timer (a heartbeat, a delivery) and then, under the
// service's lock, sends on the inbound channel unless the service has
// stopped. Shutdown must make "stopped" true before it closes the channel,
// in one critical section; the faulty shutdown closes first and marks
// stopped in a second critical section after some work, so a sender that
// runs in between sends on a closed channel.
//
// Without TimerHorizon the window cannot be hit: the main goroutine never
// blocks from the sender's start to the end of Shutdown, so the sender's
// timer can fire only after Shutdown is over. With it, the timer can fire
// at any of main's scheduling points, and a preemption can run the sender
// inside the window.

const windowTimer = time.Millisecond

// stopThenClose is the service; closeFirst selects the faulty shutdown.
// Bystanders keep timers of their own pending, later than the sender's,
// so that a failing random run also fires timers the bug does not need.
func stopThenClose(closeFirst bool) func(rt Runtime) {
	return func(rt Runtime) {
		in := NewChan[int](rt, 1)
		mu := rt.NewMutex()
		stopped := false
		// The service's heartbeat, made before anything else: the earliest
		// timer of the run, so that one early fire is enough to hit the
		// window.
		tick := rt.After(windowTimer)
		wg := rt.NewWaitGroup()
		wg.Go("sender", func() {
			tick.Recv()
			mu.Lock()
			defer mu.Unlock()
			if !stopped {
				in.Send(1)
			}
		})
		for i := range 3 {
			wg.Go(fmt.Sprint("bystander-", i), func() {
				for range 3 {
					rt.Sleep(windowTimer + time.Duration(i+1)*100*time.Microsecond)
				}
			})
		}
		rt.Yield() // serving: let the others reach their timers
		rt.Yield()
		if closeFirst {
			mu.Lock()
			in.Close()
			mu.Unlock()
			for range 3 { // work between the two halves of Shutdown
				rt.Yield()
			}
			mu.Lock()
			stopped = true
			mu.Unlock()
		} else {
			mu.Lock()
			stopped = true
			in.Close()
			mu.Unlock()
			for range 3 {
				rt.Yield()
			}
		}
		wg.Wait()
	}
}

func horizonOptions(seed uint64, pct bool, horizon time.Duration) Options {
	o := worldOptions(seed, pct)
	o.TimerHorizon = horizon
	return o
}

func isSendOnClosed(r *Result) bool {
	return r.Failure != nil && r.Failure.Kind == KindPanic && r.Failure.Message == "send on closed channel" && r.Failure.Goroutine.Name == "sender"
}

func TestTimerHorizonFindsTheStopThenCloseWindow(t *testing.T) {
	for _, pct := range []bool{false, true} {
		found := -1
		for seed := range uint64(500) {
			r := Run(horizonOptions(seed, pct, 2*windowTimer), stopThenClose(true))
			if r.Failure != nil {
				require.True(t, isSendOnClosed(r), "seed %d: unexpected failure: %s", seed, r.Failure.Report())
				found = int(seed)
				break
			}
		}
		require.GreaterOrEqual(t, found, 0, "pct %v: the window was not hit in 500 seeds", pct)
		t.Logf("pct %v: first found at seed %d", pct, found)
	}
}

func TestTimerHorizonOffNeverHitsTheWindow(t *testing.T) {
	for _, pct := range []bool{false, true} {
		for seed := range uint64(2000) {
			r := Run(worldOptions(seed, pct), stopThenClose(true))
			require.Nil(t, r.Failure, "seed %d pct %v: timers fired in running code with the horizon off", seed, pct)
			for _, c := range r.Schedule() {
				require.NotEqual(t, TimeDecision, c.Kind, "a time decision with the horizon off")
			}
		}
	}
}

func TestTimerHorizonCorrectShutdownStaysSilent(t *testing.T) {
	seeds := uint64(10_000)
	if testing.Short() {
		seeds = 1000
	}
	for _, pct := range []bool{false, true} {
		early := 0
		for seed := range seeds {
			r := Run(horizonOptions(seed, pct, 2*windowTimer), stopThenClose(false))
			require.Nil(t, r.Failure, "seed %d pct %v: %v", seed, pct, r.Err())
			for _, c := range r.Schedule() {
				if c.Kind == TimeDecision && c.Pick == 1 {
					early++
					break
				}
			}
		}
		// The twin is silent because it is correct, not because no timer
		// raced it.
		require.Greater(t, early, int(seeds)/2, "pct %v: too few runs fired a timer early", pct)
	}
}

// A failure that needs one early timer fire shrinks to a schedule with
// that fire alone: the bystanders' early fires, which a random failing
// run is full of, all go.
func TestShrinkKeepsOnlyTheNeededEarlyFire(t *testing.T) {
	body := stopThenClose(true)
	var start *Result
	for seed := uint64(0); seed < 2000; seed++ {
		r := Run(horizonOptions(seed, false, 10*windowTimer), body)
		if isSendOnClosed(r) && earlyFires(r.Schedule()) >= 3 {
			start = r
			break
		}
	}
	require.NotNil(t, start, "no failing run with several early fires in 2000 seeds")
	try := func(c Chooser) (bool, []Choice) {
		r := Run(Options{Chooser: c, TimerHorizon: 10 * windowTimer}, body)
		return isSendOnClosed(r), r.Schedule()
	}
	best, st := Shrink(start.Schedule(), try, 500)
	require.Equal(t, 1, earlyFires(best), "shrunk schedule: %v", best)
	rp := NewReplay(best, nil)
	r := Run(Options{Chooser: rp, TimerHorizon: 10 * windowTimer}, body)
	require.True(t, isSendOnClosed(r), "the shrunk schedule must replay the failure: %v", r.Err())
	require.Nil(t, rp.Divergence())
	t.Logf("early fires %d -> %d; %+v", earlyFires(start.Schedule()), earlyFires(best), st)
}

func earlyFires(cs []Choice) int {
	n := 0
	for _, c := range cs {
		if c.Kind == TimeDecision && c.Pick == 1 {
			n++
		}
	}
	return n
}

// A zero-delay timer, the shape of a zero-latency delivery, fires between
// two steps of running code with any positive horizon.
func TestTimerHorizonFiresADueTimerMidComputation(t *testing.T) {
	body := func(rt Runtime) {
		tm := rt.NewTimer(0)
		fired := -1
		for i := range 5 {
			if _, _, ok := tm.C.TryRecv(); ok && fired < 0 {
				fired = i
			}
		}
		if fired > 0 {
			panic(fmt.Sprint("fired before step ", fired))
		}
	}
	seen := map[bool]bool{}
	for seed := range uint64(64) {
		r := Run(Options{Seed: seed, TimerHorizon: time.Nanosecond}, body)
		seen[r.Failure != nil] = true
		if r.Failure != nil {
			require.True(t, strings.HasPrefix(r.Failure.Message, "fired before step "), r.Failure.Report())
			require.Zero(t, r.Elapsed, "a due timer fires without moving the clock")
		}
	}
	require.True(t, seen[true], "the due timer never fired mid-computation")
	require.True(t, seen[false], "the calm answer never left it for later")
	r := Run(Options{Seed: 1}, body)
	require.Nil(t, r.Failure, "with the horizon off the timer waits for quiescence")
}

// Bounds still hold: a timer beyond the time budget is a failure with the
// horizon on too, rather than fired early.
func TestTimerHorizonKeepsTheTimeBudget(t *testing.T) {
	for seed := range uint64(32) {
		r := Run(Options{Seed: seed, TimerHorizon: time.Hour, VirtualTimeMax: time.Minute}, func(rt Runtime) {
			rt.NewTimer(2 * time.Minute)
			rt.Sleep(3 * time.Minute)
		})
		require.NotNil(t, r.Failure)
		require.Equal(t, KindTime, r.Failure.Kind, r.Failure.Report())
		require.LessOrEqual(t, r.Elapsed, time.Minute)
	}
}

// The conformance programs keep their Go-determined outcomes with the
// horizon on: computation taking time cannot change what Go's semantics
// fix. The horizon stays below gap, the time those programs assume every
// goroutine needs at most to reach the point it blocks at: a horizon of
// 4*gap does break them (a receiver's timer fires before the sender it
// waits for has parked), as a real machine that stalls that long would.
func TestConformanceWithTimerHorizon(t *testing.T) {
	all := slices.Concat(chanPrograms, selectPrograms, syncPrograms, timePrograms, contextPrograms)
	for _, horizon := range []time.Duration{time.Nanosecond, gap - 1} {
		early := 0
		for _, p := range all {
			if p.skip != "" {
				continue
			}
			for _, pct := range []bool{false, true} {
				for seed := range uint64(conformanceSeeds) {
					got, r := runWorld(t, p.run, horizonOptions(seed, pct, horizon))
					require.Equal(t, p.want, got, "%s: horizon %v, seed %d, pct %v", p.name, horizon, seed, pct)
					early += earlyFires(r.Schedule())
				}
			}
		}
		require.Positive(t, early, "horizon %v: no timer ever fired early", horizon)
		t.Logf("horizon %v: %d early fires", horizon, early)
	}
}

// Every Chooser answers time decisions, and a schedule holding them
// survives the file format and replays exactly (rapid's Chooser is tested
// in sim/simrapid, which sim's own tests cannot import).
func TestTimeDecisionsAcrossChoosers(t *testing.T) {
	body := stopThenClose(false)
	opts := func(c Chooser) Options { return Options{Chooser: c, TimerHorizon: 2 * windowTimer, KeepTrace: true} }
	data := make([]byte, 256)
	for i := range data {
		data[i] = byte(i*37 + 11)
	}
	choosers := func(seed uint64) map[string]Chooser {
		return map[string]Chooser{"random": NewRandom(seed), "pct": NewPCT(seed, 3, 200), "bytes": NewBytes(data[seed:])}
	}
	for _, name := range []string{"random", "pct", "bytes"} {
		early := 0
		for seed := range uint64(16) {
			r := Run(opts(choosers(seed)[name]), body)
			require.Nil(t, r.Failure, "%s: %v", name, r.Err())
			kinds := 0
			for _, c := range r.Schedule() {
				if c.Kind == TimeDecision {
					kinds++
					require.Equal(t, 2, c.N)
				}
			}
			require.Positive(t, kinds, "%s: no time decision asked", name)

			var file strings.Builder
			_, err := (&Schedule{Choices: r.Schedule()}).WriteTo(&file)
			require.NoError(t, err)
			if strings.Contains(file.String(), "t1/2") {
				early++
			}
			s, err := ParseSchedule(strings.NewReader(file.String()))
			require.NoError(t, err)
			rp := NewReplay(s.Choices, nil)
			again := Run(opts(rp), body)
			require.Nil(t, rp.Divergence(), name)
			require.Zero(t, rp.Unused(), name)
			require.Equal(t, r.Hash, again.Hash, name)
		}
		require.Positive(t, early, "%s: no run fired a timer early", name)
	}
}

// BenchmarkWorldSwitchTimerHorizon is BenchmarkWorldSwitch with a timer
// in range at every scheduling point, so that each one also asks (and
// records) a time decision, answered "later": the price of the horizon
// where it costs most.
func BenchmarkWorldSwitchTimerHorizon(b *testing.B) {
	n := int64(b.N)
	b.ResetTimer()
	r := Run(Options{Chooser: laterChooser{NewRandom(1)}, StepsMax: n + 100, TimerHorizon: 2 * time.Hour}, func(rt Runtime) {
		w := rt.(*world)
		tm := rt.NewTimer(time.Hour)
		ping, pong := NewChan[int](rt, 0), NewChan[int](rt, 0)
		startEcho(rt, ping, pong)
		for i := 0; w.step < n; i++ {
			ping.Send(i)
			pong.Recv()
		}
		ping.Close()
		pong.Recv()
		tm.Stop()
	})
	b.StopTimer()
	if r.Failure != nil {
		b.Fatal(r.Failure.Report())
	}
}

// laterChooser answers every time decision "later" and passes the rest on.
type laterChooser struct{ inner Chooser }

func (c laterChooser) Choose(d Decision) int {
	if d.Kind == TimeDecision {
		return 0
	}
	return c.inner.Choose(d)
}

// A world's Timer is one allocation, handle, timer and channel together,
// and it still fires, stops and resets as one. AfterFunc's and TimerOn's
// are one each too (TimerOn's channel is the native one's, made once).
func TestNewTimerIsOneAllocation(t *testing.T) {
	var allocs, afterFunc, timerOn float64
	var fired []time.Duration
	res := Run(Options{Seed: 1}, func(rt Runtime) {
		allocs = testing.AllocsPerRun(20, func() { rt.NewTimer(time.Hour).Stop() })
		afterFunc = testing.AllocsPerRun(20, func() { AfterFunc(rt, time.Hour, func() {}).Stop() })
		native := make(chan time.Time, 1)
		TimerOn(rt, native, time.Hour, 0).Stop() // adopts native
		timerOn = testing.AllocsPerRun(20, func() { TimerOn(rt, native, time.Hour, 0).Stop() })
		start := rt.Now()
		a, b := rt.NewTimer(gap), rt.NewTimer(2*gap)
		require.True(t, b.Stop())
		b.Reset(3 * gap)
		for _, c := range []Chan[time.Time]{a.C, b.C} {
			at, _ := c.Recv()
			fired = append(fired, at.Sub(start))
		}
	})
	require.Nil(t, res.Failure)
	require.Equal(t, 1.0, allocs)
	require.Equal(t, 1.0, afterFunc)
	require.Equal(t, 1.0, timerOn)
	require.Equal(t, []time.Duration{gap, 3 * gap}, fired)
}

// With NowTick every read of the clock is later than the one before, and a
// loop that polls the clock until a deadline passes ends; without it the
// clock stands still while code runs, and the same loop spins until the
// step budget stops it.
func TestNowTickMovesTheClockAtEachRead(t *testing.T) {
	poll := func(rt Runtime) {
		deadline := rt.Now().Add(time.Millisecond)
		for rt.Now().Before(deadline) {
		}
	}
	for seed := range uint64(8) {
		r := Run(Options{Seed: seed, NowTick: time.Microsecond}, poll)
		require.NoError(t, r.Err())
		require.InDelta(t, float64(time.Millisecond), float64(r.Elapsed), float64(2*time.Microsecond))
	}
	r := Run(Options{StepsMax: 10_000}, poll)
	require.NotNil(t, r.Failure)
	require.Equal(t, KindSteps, r.Failure.Kind, r.Failure.Report())

	reads := func(tick time.Duration) []time.Duration {
		var got []time.Duration
		require.NoError(t, Run(Options{NowTick: tick}, func(rt Runtime) {
			for range 3 {
				got = append(got, rt.Now().Sub(Epoch))
			}
		}).Err())
		return got
	}
	require.Equal(t, []time.Duration{0, 7, 14}, reads(7))
	require.Equal(t, []time.Duration{0, 0, 0}, reads(0))
}

// A timer the ticks carry the clock past fires when the world is idle,
// without the clock going back to the timer's instant; with TimerHorizon
// it may fire at any point after it is due.
func TestNowTickPastATimerKeepsTheClockMonotonic(t *testing.T) {
	for _, horizon := range []time.Duration{0, time.Millisecond} {
		for seed := range uint64(16) {
			r := Run(Options{Seed: seed, NowTick: 10 * time.Microsecond, TimerHorizon: horizon}, func(rt Runtime) {
				tm := rt.NewTimer(25 * time.Microsecond)
				var last time.Time
				for range 5 {
					last = rt.Now()
				}
				tm.C.Recv()
				if now := rt.Now(); now.Before(last) {
					panic(fmt.Sprintf("the clock went back from %v to %v", last.Sub(Epoch), now.Sub(Epoch)))
				}
			})
			require.NoError(t, r.Err(), "horizon %v seed %d", horizon, seed)
		}
	}
}
