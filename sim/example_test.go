package sim_test

import (
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
)

// A worker that nobody stops leaks: the world names it, says what it
// waits on, and the same seed finds it again.
func ExampleRun() {
	leaky := func(rt sim.Runtime) {
		jobs := sim.NewChan[int](rt, 0)
		rt.Go("worker", func() {
			for {
				if _, ok := jobs.Recv(); !ok {
					return
				}
			}
		})
		jobs.Send(1)
		rt.Sleep(time.Second)
		// Missing: jobs.Close()
	}
	r := sim.Run(sim.Options{Seed: 42}, leaky)
	fmt.Println(r.Failure.Kind, r.Failure.Goroutine.Name)
	fmt.Println(r.Failure.Waiting[0].On)
	fmt.Println(sim.Run(sim.Options{Seed: 42}, leaky).Hash == r.Hash)
	// Output:
	// leak worker
	// chan receive on chan #1 (since 0s)
	// true
}
