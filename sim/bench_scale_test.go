package sim

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The scaling benchmarks of issue 19: what one scheduling point costs as
// the world grows. Run them with
//
//	go test ./sim -run XXX -bench 'Runnable|PendingTimers|LongRun' -benchmem
//
// and compare before and after a change with benchstat. The targets are a
// cost per step within 2x from 1 to 10,000 runnable goroutines and from 10
// to 100,000 pending timers.

// BenchmarkRunnable: n goroutines that only yield, all runnable at every
// point; once they are started, b.N scheduling points are timed; ns/op is
// one point.
func BenchmarkRunnable(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			r := Run(Options{Seed: 1, StepsMax: 1 << 62}, func(rt Runtime) {
				w := rt.(*world)
				stop := false
				startSpinners(rt, n, &stop)
				b.ResetTimer()
				for end := w.step + int64(b.N); w.step < end; {
					rt.Yield()
				}
				b.StopTimer()
				stop = true
			})
			if r.Failure != nil {
				b.Fatal(r.Failure.Report())
			}
		})
	}
}

// startSpinners starts n goroutines that yield until *stop, all runnable
// once it returns: they wait on a channel, not runnable, while the others
// start.
func startSpinners(rt Runtime, n int, stop *bool) {
	start := NewChan[struct{}](rt, 0)
	for range n {
		rt.Go("spinner", func() {
			start.Recv()
			for !*stop {
				rt.Yield()
			}
		})
	}
	start.Close()
}

// BenchmarkPendingTimers: n goroutines asleep on timers far in the future
// while one goroutine sleeps a microsecond at a time, b.N times; ns/op is
// one short sleep: a timer armed, the clock advanced, the timer fired.
func BenchmarkPendingTimers(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ResetTimer()
			r := Run(Options{Seed: 1, StepsMax: 1 << 62}, func(rt Runtime) {
				for range n {
					rt.Go("sleeper", func() { rt.Sleep(20 * time.Hour) })
				}
				rt.Sleep(time.Millisecond) // every sleeper parked
				b.ResetTimer()
				for range b.N {
					rt.Sleep(time.Microsecond)
				}
				b.StopTimer()
			})
			if r.Failure != nil && r.Failure.Kind != KindLeak && r.Failure.Kind != KindDeadlock {
				b.Fatal(r.Failure.Report())
			}
		})
	}
}

// BenchmarkLongRun: one run of 10^7 scheduling points (two goroutines
// passing a value back and forth); the metrics are the bytes its choice
// log holds per point and the run's allocation per point.
func BenchmarkLongRun(b *testing.B) {
	const steps = 10_000_000
	for b.Loop() {
		var logBytes int
		r := Run(Options{Seed: 1, StepsMax: steps + 100}, func(rt Runtime) {
			w := rt.(*world)
			ping, pong := NewChan[int](rt, 0), NewChan[int](rt, 0)
			startEcho(rt, ping, pong)
			for i := 0; w.step < steps; i++ {
				ping.Send(i)
				pong.Recv()
			}
			ping.Close()
			pong.Recv()
			logBytes = w.choices.size()
		})
		if r.Failure != nil {
			b.Fatal(r.Failure.Report())
		}
		b.ReportMetric(float64(logBytes)/steps, "log-B/step")
	}
}

// stayChooser lets the running goroutine go on at every preemption point,
// and runs the runnable goroutine of lowest id when it blocks:
// BenchmarkRunnableStay times a point's bookkeeping and decision without
// the switch to another goroutine that a random walk makes at almost
// every point.
type stayChooser struct{}

func (stayChooser) Choose(d Decision) int { return 0 }

// BenchmarkRunnableStay is BenchmarkRunnable with every decision answered
// "go on": what a point costs in the scheduler's own data structures as
// the runnable set grows, apart from the memory of n goroutines' stacks
// that switching among them touches (BenchmarkNativeGosched is that part
// of the cost without a world).
func BenchmarkRunnableStay(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			r := Run(Options{Seed: 1, StepsMax: 1 << 62, Chooser: stayChooser{}}, func(rt Runtime) {
				w := rt.(*world)
				start := NewChan[struct{}](rt, 0)
				for range n {
					rt.Go("spinner", func() { start.Recv() })
				}
				rt.Yield() // every spinner parked on start
				start.Close()
				b.ResetTimer()
				for end := w.step + int64(b.N); w.step < end; {
					rt.Yield()
				}
				b.StopTimer()
			})
			if r.Failure != nil {
				b.Fatal(r.Failure.Report())
			}
		})
	}
}

// BenchmarkNativeGosched: n native goroutines that only call
// runtime.Gosched, on one P; ns/op is one Gosched of the timed goroutine
// divided by the n+1 goroutines that run in its turn: one switch.
func BenchmarkNativeGosched(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			var stop atomic.Bool
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !stop.Load() {
						runtime.Gosched()
					}
				}()
			}
			runtime.Gosched()
			b.ResetTimer()
			for i := 0; i < b.N; i += n + 1 {
				runtime.Gosched()
			}
			b.StopTimer()
			stop.Store(true)
			wg.Wait()
		})
	}
}

// BenchmarkRunnableHandoff: two goroutines pass a value back and forth
// while n others are runnable and never chosen (stayChooser): every
// handoff parks one of the two and wakes the other, taking them out of
// and putting them back into the runnable set at its low end. ns/op is
// one handoff.
func BenchmarkRunnableHandoff(b *testing.B) {
	for _, n := range []int{1, 100, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			handoffs := 0
			r := Run(Options{Seed: 1, StepsMax: 1 << 62, Chooser: stayChooser{}}, func(rt Runtime) {
				ping, pong := NewChan[int](rt, 0), NewChan[int](rt, 0)
				startEcho(rt, ping, pong) // id 2: the lowest after this one
				stop := false
				startSpinners(rt, n, &stop)
				b.ResetTimer()
				for handoffs < b.N {
					ping.Send(handoffs)
					pong.Recv()
					handoffs += 2
				}
				b.StopTimer()
				stop = true
				ping.Close()
				pong.Recv()
			})
			if r.Failure != nil {
				b.Fatal(r.Failure.Report())
			}
		})
	}
}
