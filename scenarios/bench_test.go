package scenarios

import (
	"sync/atomic"
	"testing"

	"github.com/execsim/execsim/sim"
)

// BenchmarkScenario runs each scenario once per op, its seeds cycling
// through 0..99 so that every measurement covers the same schedules.
// Compare before and after a change with benchstat:
//
//	go test ./scenarios -run XXX -bench Scenario -count 5 -benchmem
func BenchmarkScenario(b *testing.B) {
	for _, s := range All() {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			var pool sim.CoroutinePool
			defer pool.Close()
			for i := 0; b.Loop(); i++ {
				if _, err := Run(Config{Scenario: s.Name, Seed: uint64(i % 100), Coroutines: &pool}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScenarioParallel runs start-shutdown on every P at once, as
// simrun's workers do; with -cpu 1,2 its ns/op at 2 should be half that at
// 1 when two cores are free (issue 19: N workers ≈ N × one). On a shared
// machine compare CPU time, not wall time: the benchmark cannot take cores
// that other processes hold.
//
//	go test ./scenarios -run XXX -bench ScenarioParallel -cpu 1,2 -count 6 -benchmem
func BenchmarkScenarioParallel(b *testing.B) {
	var seed atomic.Uint64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Run(Config{Scenario: "start-shutdown", Seed: seed.Add(1) % 100}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
