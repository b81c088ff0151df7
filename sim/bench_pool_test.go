package sim

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
)

// A worker pool with no sleeps, written twice: on native channels (run
// under testing/synctest) and on the kit's (run in a world). Both start
// poolWorkers workers, feed them poolJobs jobs, collect the results and
// wait for the workers: what issue 19 compares, a world's worker pool
// against synctest's.
const (
	poolWorkers = 4
	poolJobs    = 100
)

func poolNative() int {
	jobs, results := make(chan int), make(chan int, poolJobs)
	var wg sync.WaitGroup
	for range poolWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * 2
			}
		}()
	}
	for i := range poolJobs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

func poolKit(rt Runtime) int {
	jobs, results := NewChan[int](rt, 0), NewChan[int](rt, poolJobs)
	wg := rt.NewWaitGroup()
	for range poolWorkers {
		wg.Go("worker", func() {
			for {
				j, ok := jobs.Recv()
				if !ok {
					return
				}
				results.Send(j * 2)
			}
		})
	}
	for i := range poolJobs {
		jobs.Send(i)
	}
	jobs.Close()
	wg.Wait()
	results.Close()
	sum := 0
	for {
		r, ok := results.Recv()
		if !ok {
			return sum
		}
		sum += r
	}
}

// BenchmarkWorkerPool: one op is one pool run, in a world (a seed each,
// worlds sharing a CoroutinePool as a sweep's do) or natively, the same
// code on Go's own scheduler. synctest's bubble costs about what native
// goroutines do on this pool; synctest.Test needs a *testing.T, so its
// figure comes from TestWorkerPoolUnderSynctest:
//
//	go test ./sim -run XXX -bench WorkerPool -count 6 -benchmem > pool.txt
//	EXECSIM_SPEED=1 go test ./sim -run WorkerPoolUnderSynctest -count 6 -v >> pool.txt
//	benchstat pool.txt
//
// world-unpreempted is the world with a chooser that answers 0 at every
// decision (NewBytes of no data): a goroutine runs until it blocks, as on
// Go's scheduler, which preempts only after 10 ms. It splits the world's
// figure in two: what the kit costs, and what the random walk's
// preemptions add (one at most of a run's points, each a coroutine switch
// that neither native run makes).
func BenchmarkWorkerPool(b *testing.B) {
	world := func(chooser func(seed uint64) Chooser) func(b *testing.B) {
		return func(b *testing.B) {
			var pool CoroutinePool
			defer pool.Close()
			for i := 0; b.Loop(); i++ {
				sum := 0
				r := Run(Options{Seed: uint64(i), Chooser: chooser(uint64(i)), Coroutines: &pool}, func(rt Runtime) { sum = poolKit(rt) })
				if r.Failure != nil || sum != poolWant {
					b.Fatalf("sum %d, want %d: %v", sum, poolWant, r.Failure)
				}
			}
		}
	}
	b.Run("world", world(func(uint64) Chooser { return nil }))
	b.Run("world-unpreempted", world(func(uint64) Chooser { return NewBytes(nil) }))
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			if sum := poolNative(); sum != poolWant {
				b.Fatalf("sum %d, want %d", sum, poolWant)
			}
		}
	})
}

const poolWant = poolJobs * (poolJobs - 1)

// TestWorkerPoolUnderSynctest runs the native pool in synctest bubbles.
// With EXECSIM_SPEED=1 it also times it (testing.Benchmark) and prints
// the figure as a benchmark line, BenchmarkWorkerPool/synctest, for
// benchstat beside BenchmarkWorkerPool's.
func TestWorkerPoolUnderSynctest(t *testing.T) {
	run := func() {
		synctest.Test(t, func(t *testing.T) {
			if sum := poolNative(); sum != poolWant {
				t.Fatalf("sum %d, want %d", sum, poolWant)
			}
		})
	}
	for range 10 {
		run()
	}
	if os.Getenv("EXECSIM_SPEED") != "1" {
		return
	}
	r := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			run()
		}
	})
	fmt.Printf("BenchmarkWorkerPool/synctest-%d\t%s\t%s\n", runtime.GOMAXPROCS(0), r.String(), r.MemString())
}
