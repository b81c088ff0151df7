package fakenet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// world runs body in a world with seed and fails the test with the
// world's full report if the run failed (a panic, a leak, a deadlock).
// Bodies report harness errors by panicking (see must): t.Fatal cannot end
// a world goroutine.
func world(t testing.TB, seed uint64, body func(rt sim.Runtime)) *sim.Result {
	t.Helper()
	return worldWith(t, sim.Options{Seed: seed}, body)
}

// worldWith is world with more options (a TimerHorizon); the trace is
// always kept.
func worldWith(t testing.TB, opts sim.Options, body func(rt sim.Runtime)) *sim.Result {
	t.Helper()
	opts.KeepTrace = true
	res := sim.Run(opts, body)
	if res.Failure != nil {
		t.Fatalf("seed %d: %s", opts.Seed, res.Failure.Report())
	}
	return res
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func must1[T any](v T, err error) T {
	must(err)
	return v
}

// wantErr panics unless err wraps target: a world-side assertion.
func wantErr(err, target error) {
	if !errors.Is(err, target) {
		panic(fmt.Sprintf("got error %v, want one wrapping %v", err, target))
	}
}

func msg(typ string) transport.Message { return transport.Message{Type: typ} }

var bg = context.Background()

// exchange is a standard workload: senders hosts s0, s1, ... each send
// count messages "sK/i" to sink:1, a millisecond apart; a receiver
// collects them; once every copy must have arrived the network closes.
type exchange struct {
	cfg     Config
	senders int
	count   int
	horizon time.Duration // the world's TimerHorizon: deliveries race the senders
}

type exchangeResult struct {
	res   *sim.Result
	got   []string // message types in arrival order
	stats LinkStats
}

func (x exchange) run(t testing.TB, seed uint64) exchangeResult {
	t.Helper()
	var out exchangeResult
	out.res = worldWith(t, sim.Options{Seed: seed, TimerHorizon: x.horizon}, func(rt sim.Runtime) {
		n := must1(New(rt, x.cfg))
		sink := must1(n.Host("sink"))
		l := must1(sink.Listen("sink:1"))
		recv := rt.NewWaitGroup()
		recv.Go("receiver", func() {
			for {
				m, err := l.Recv(bg)
				if err != nil {
					wantErr(err, transport.ErrClosed)
					return
				}
				out.got = append(out.got, m.Type)
			}
		})
		send := rt.NewWaitGroup()
		for s := range x.senders {
			name := fmt.Sprintf("s%d", s)
			h := must1(n.Host(name))
			send.Go(name, func() {
				for i := range x.count {
					must(h.Send(bg, "sink:1", msg(fmt.Sprintf("%s/%d", name, i))))
					rt.Sleep(time.Millisecond)
				}
			})
		}
		send.Wait()
		rt.Sleep(x.cfg.LatencyMax + x.cfg.LatencyMin + x.cfg.reorderDelayMax() + time.Millisecond)
		out.stats = n.Totals()
		must(n.Close())
		recv.Wait()
	})
	return out
}

// notes returns the fakenet events of a trace (OpNote details).
func notes(res *sim.Result) []string {
	var out []string
	for _, e := range res.Trace {
		if e.Op == sim.OpNote {
			out = append(out, e.Detail)
		}
	}
	return out
}

// countPrefix counts the notes that start with prefix.
func countPrefix(notes []string, prefix string) int {
	k := 0
	for _, s := range notes {
		if strings.HasPrefix(s, prefix) {
			k++
		}
	}
	return k
}

// seqOf parses "sK/i" into (sK, i).
func seqOf(typ string) (string, int) {
	from, num, _ := strings.Cut(typ, "/")
	var i int
	fmt.Sscan(num, &i)
	return from, i
}
