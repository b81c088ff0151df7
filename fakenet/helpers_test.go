package fakenet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
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

// sendWait bounds the tests' sends: a Send the receiver never accepts
// (lost, partitioned) waits this long, then fails with ctx's error.
const sendWait = time.Second

// sendWithin is Send within sendWait.
func sendWithin(rt sim.Runtime, h *Host, addr string, m transport.Message) error {
	ctx, cancel := rt.WithTimeout(bg, sendWait)
	defer cancel()
	return h.Send(ctx, addr, m)
}

// unheard panics unless err is nil or the deadline of a send the network
// dropped without a word (loss, partition): the outcomes a sender may see
// when the receiver does not refuse.
func unheard(err error) {
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		panic(err)
	}
}

// exchange is a standard workload: senders hosts s0, s1, ... each send
// count messages "sK/i" to sink:1, a millisecond apart, each from a
// goroutine of its own (a Send waits for its message to be accepted, and
// a sender that waited for each would see no reordering); a receiver
// collects them; once every copy must have arrived the network closes.
type exchange struct {
	cfg     Config
	senders int
	count   int
	horizon time.Duration // the world's TimerHorizon: deliveries race the senders
}

type exchangeResult struct {
	res      *sim.Result
	got      []string // message types in arrival order
	stats    LinkStats
	accepted int64 // sends that returned nil
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
		var accepted atomic.Int64 // goroutines run one at a time; atomic for -race on the real kit
		for s := range x.senders {
			name := fmt.Sprintf("s%d", s)
			h := must1(n.Host(name))
			send.Go(name, func() {
				for i := range x.count {
					typ := fmt.Sprintf("%s/%d", name, i)
					send.Go(typ, func() {
						err := sendWithin(rt, h, "sink:1", msg(typ))
						unheard(err)
						if err == nil {
							accepted.Add(1)
						}
					})
					rt.Sleep(time.Millisecond)
				}
			})
		}
		send.Wait()
		out.accepted = accepted.Load()
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
