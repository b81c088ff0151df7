package fakenet

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// Deliveries are world timers (the courier's), so with the world's
// TimerHorizon on they race running code: a message can arrive between
// two steps of a goroutine that never blocks.

// arrivalSteps is how many steps the goroutine of arrivalStep takes.
const arrivalSteps = 20

// arrivalStep sends one message on a zero-latency link while another
// goroutine takes arrivalSteps steps without blocking; it returns the step
// the receiver saw the message at (arrivalSteps+1: after the loop).
func arrivalStep(t *testing.T, seed uint64, horizon time.Duration) (int, *sim.Result) {
	t.Helper()
	at := -1
	res := worldWith(t, sim.Options{Seed: seed, TimerHorizon: horizon}, func(rt sim.Runtime) {
		n := must1(New(rt, Config{}))
		a := must1(n.Host("a"))
		l := must1(must1(n.Host("sink")).Listen("sink:1"))
		progress := 0
		wg := rt.NewWaitGroup()
		wg.Go("receiver", func() {
			_, err := l.Recv(bg)
			must(err)
			at = progress
		})
		// The steps run in a goroutine of their own, started just before
		// the Send, which waits for the delivery.
		wg.Go("steps", func() {
			for i := 1; i <= arrivalSteps; i++ {
				progress = i
				rt.Yield()
			}
			progress = arrivalSteps + 1
		})
		must(a.Send(bg, "sink:1", msg("x")))
		wg.Wait()
		if s := n.Totals(); s.Delivered != 1 || s.Sent != 1 {
			panic("the message was not delivered exactly once")
		}
		must(n.Close())
	})
	return at, res
}

func TestZeroLatencyDeliveryLandsBetweenTwoSteps(t *testing.T) {
	early := 0
	for seed := range uint64(200) {
		off, _ := arrivalStep(t, seed, 0)
		require.Equal(t, arrivalSteps+1, off, "seed %d: with the horizon off a delivery waits for quiescence", seed)
		on, _ := arrivalStep(t, seed, time.Nanosecond)
		if on <= arrivalSteps {
			early++
		}
	}
	t.Logf("%d of 200 deliveries landed inside the loop", early)
	// Measured: 104 of 200 (the random walk draws how often time runs ahead
	// once per run, and often draws rarely or never).
	require.GreaterOrEqual(t, early, 20, "a zero-latency delivery rarely landed inside the loop")
}

// Every message's fate stays counted and traced when deliveries race the
// senders: loss, duplicates, reordering, and the drops of a drawn plan of
// partitions and crashes.
func TestAccountingWithTimerHorizon(t *testing.T) {
	x := exchange{cfg: noisy, senders: 2, count: 50, horizon: 5 * time.Millisecond}
	fires := 0
	for seed := range uint64(10) {
		r := x.run(t, seed)
		requireAccounted(t, x, r, seed)
		fires += earlyFires(r.res)
	}
	require.Positive(t, fires, "no delivery ever raced a sender")
}

func TestFIFOWithTimerHorizon(t *testing.T) {
	cfg := noisy
	cfg.ReorderProbability = 0
	x := exchange{cfg: cfg, senders: 3, count: 40, horizon: 5 * time.Millisecond}
	for seed := range uint64(20) {
		r := x.run(t, seed)
		// Each send goes from a goroutine of its own, so the send order is
		// the sequence number the trace gives each copy, not the index in
		// its name.
		last := map[string]int{}
		for _, note := range notes(r.res) {
			var link, typ string
			var seq int
			if _, err := fmt.Sscanf(note, "deliver %s #%d %s", &link, &seq, &typ); err != nil {
				continue
			}
			prev, seen := last[link]
			require.False(t, seen && seq < prev, "seed %d: #%d arrived on %s after #%d", seed, seq, link, prev)
			last[link] = seq
		}
		require.NotEmpty(t, last, "seed %d: no delivery traced", seed)
	}
}

func TestPlanAccountingWithTimerHorizon(t *testing.T) {
	fires := 0
	for seed := range uint64(8) {
		var totals LinkStats
		res := worldWith(t, sim.Options{Seed: seed, TimerHorizon: 5 * time.Millisecond}, func(rt sim.Runtime) {
			n := must1(New(rt, noisy))
			names := []string{"a", "b", "c"}
			hs := make([]*Host, len(names))
			for i, name := range names {
				hs[i] = must1(n.Host(name))
			}
			plan := must1(DrawPlan(rt, names, PlanConfig{EpisodesMax: 4, StartMax: 30 * time.Millisecond, DurationMax: 20 * time.Millisecond}))
			must(n.Start(plan))
			wg := rt.NewWaitGroup()
			for i, name := range names {
				wg.Go("node "+name, func() {
					for range 60 {
						_, _ = hs[i].Listen(":1") // again after a crash closed it
						for _, to := range names {
							if err := sendWithin(rt, hs[i], to+":1", msg(name)); err != nil && !isExpectedSendError(err) {
								panic(err)
							}
						}
						rt.Sleep(time.Millisecond)
					}
				})
			}
			wg.Wait()
			rt.Sleep(100 * time.Millisecond) // let everything in flight land
			totals = n.Totals()
			must(n.Close())
		})
		require.Equal(t, totals.Sent+totals.Duplicated, totals.Delivered+totals.Lost+totals.Dropped(), "seed %d: %+v", seed, totals)
		ns := notes(res)
		require.Equal(t, int(totals.Delivered), countPrefix(ns, "deliver "), "seed %d", seed)
		require.Equal(t, int(totals.Dropped()), countPrefix(ns, "drop "), "seed %d", seed)
		require.Equal(t, int(totals.Lost), countPrefix(ns, "lost "), "seed %d", seed)
		fires += earlyFires(res)
	}
	require.Positive(t, fires, "no delivery or fault ever raced running code")
}

func isExpectedSendError(err error) bool {
	return errors.Is(err, transport.ErrRefused) || errors.Is(err, transport.ErrClosed) || errors.Is(err, context.DeadlineExceeded)
}

func earlyFires(r *sim.Result) int {
	k := 0
	for _, c := range r.Schedule() {
		if c.Kind == sim.TimeDecision && c.Pick == 1 {
			k++
		}
	}
	return k
}
