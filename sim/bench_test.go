package sim

import (
	"testing"
)

// BenchmarkRawHandoff: two native goroutines ping-pong over an unbuffered
// channel; ns/op is one handoff.
func BenchmarkRawHandoff(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i += 2 {
		ping <- i
		<-pong
	}
	b.StopTimer()
	close(ping)
	<-pong
}

// BenchmarkWorldSwitch: two world goroutines ping-pong over a kit channel
// until b.N scheduling points have been taken; ns/op is one scheduling
// decision, with its trace event, its chooser call and whatever coroutine
// switch it makes. The ns/handoff metric is the price of one message
// crossing from one goroutine to the other, the unit of BenchmarkRawHandoff.
func BenchmarkWorldSwitch(b *testing.B) {
	n := int64(b.N)
	handoffs := 0
	b.ResetTimer()
	r := Run(Options{Seed: 1, StepsMax: n + 100}, func(rt Runtime) {
		w := rt.(*world)
		ping, pong := NewChan[int](rt, 0), NewChan[int](rt, 0)
		startEcho(rt, ping, pong)
		for i := 0; w.step < n; i++ {
			ping.Send(i)
			pong.Recv()
			handoffs += 2
		}
		ping.Close()
		pong.Recv()
	})
	b.StopTimer()
	if r.Failure != nil {
		b.Fatal(r.Failure.Report())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(handoffs, 1)), "ns/handoff")
}

// BenchmarkRealKitHandoff is BenchmarkRawHandoff through the real kit's
// Chan: the price of the kit's indirection in production.
func BenchmarkRealKitHandoff(b *testing.B) {
	rt := NewReal(1)
	ping, pong := NewChan[int](rt, 0), NewChan[int](rt, 0)
	startEcho(rt, ping, pong)
	b.ResetTimer()
	for i := 0; i < b.N; i += 2 {
		ping.Send(i)
		pong.Recv()
	}
	b.StopTimer()
	ping.Close()
	pong.Recv()
}

// startEcho starts the other side of a ping-pong: it sends back every
// value it receives, and closes pong when ping is closed.
func startEcho(rt Runtime, ping, pong Chan[int]) {
	rt.Go("echo", func() {
		for {
			v, ok := ping.Recv()
			if !ok {
				pong.Close()
				return
			}
			pong.Send(v)
		}
	})
}
