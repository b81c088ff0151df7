package fakenet

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
)

// BenchmarkDelivery measures the cost of one message sent and received
// through a noisy network in a world: an op is one delivered message,
// including the world's scheduling of the sender, the courier and the
// receiver.
func BenchmarkDelivery(b *testing.B) {
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"perfect", Config{}},
		{"latency", Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond, LatencyMax: 5 * time.Millisecond}}},
		{"noisy", Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond, LatencyMax: 5 * time.Millisecond, DuplicateProbability: 0.1, ReorderProbability: 0.1}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			const senders = 4
			delivered := 0
			b.ReportAllocs()
			res := sim.Run(sim.Options{Seed: 1, StepsMax: 1 << 40, VirtualTimeMax: 1 << 62, Watchdog: -1}, func(rt sim.Runtime) {
				n := must1(New(rt, c.cfg))
				sink := must1(n.Host("sink"))
				l := must1(sink.Listen(":1"))
				per := b.N/senders + 1
				wg := rt.NewWaitGroup()
				for s := range senders {
					h := must1(n.Host(fmt.Sprint("s", s)))
					wg.Go("sender", func() {
						for range per {
							must(h.Send(bg, "sink:1", msg("m")))
							rt.Sleep(time.Millisecond) // a steady rate, so the network is never idle nor flooded
						}
					})
				}
				b.ResetTimer()
				for delivered < b.N {
					must1(l.Recv(bg))
					delivered++
				}
				b.StopTimer()
				wg.Wait()
				must(n.Close())
			})
			if res.Failure != nil {
				b.Fatal(res.Failure.Report())
			}
			b.ReportMetric(float64(res.Steps)/float64(delivered), "steps/msg")
		})
	}
}
