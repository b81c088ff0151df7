// Command drain is an example of simrun over a service of one's own: a
// job queue (queue.go) with a planted bug behind a defect, registered as
// one scenario. Everything simrun does for the executor it does here:
//
//	go run ./examples/drain -seeds 200                              # passes
//	go run ./examples/drain -seeds 200 -defect unlocked-submit      # finds the panic
//	go run ./examples/drain -seeds 200 -defect no-join              # finds a lost-job
//	go run ./examples/drain -replay simrun-failures/FILE.schedule   # replays it
//	go run ./examples/drain -replay simrun-failures/FILE.schedule -shrink -trace t.txt
//	go run ./examples/drain -json -shard 0/2 > a.jsonl; ... ; go run ./examples/drain -merge *.jsonl
package main

import (
	"fmt"
	"os"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/simrun"
)

// lostJob is the example's own property: every job Submit accepted has
// run by the time Shutdown returns.
const lostJob scenarios.Kind = "lost-job"

// registry is the example's scenarios, defects and failure kinds.
func registry() (*scenarios.Registry, error) {
	reg := scenarios.NewRegistry("go run ./examples/drain")
	if err := reg.AddKind(lostJob); err != nil {
		return nil, err
	}
	if err := reg.AddDefect(scenarios.Defect{Name: "unlocked-submit",
		Description: "Submit sends after releasing the lock, racing Shutdown's close"}); err != nil {
		return nil, err
	}
	if err := reg.AddDefect(scenarios.Defect{Name: "no-join",
		Description: "Shutdown returns without waiting for the workers"}); err != nil {
		return nil, err
	}
	if err := reg.Register(scenarios.Scenario{
		Name:        "submit-during-shutdown",
		Description: "three clients submit jobs while the queue shuts down",
		Run:         submitDuringShutdown,
	}); err != nil {
		return nil, err
	}
	return reg, nil
}

// submitDuringShutdown races three submitting clients against Shutdown,
// then checks that every accepted job ran.
func submitDuringShutdown(env *scenarios.Env) error {
	rt := env.RT
	q := newQueue(rt, 2, env.Defect("unlocked-submit"), env.Defect("no-join"))
	mu := rt.NewMutex()
	accepted, ran := 0, 0
	clients := rt.NewWaitGroup()
	for c := range 3 {
		clients.Go(fmt.Sprintf("client %d", c), func() {
			for range 2 {
				err := q.Submit(func() {
					mu.Lock()
					ran++
					mu.Unlock()
				})
				if err == nil {
					mu.Lock()
					accepted++
					mu.Unlock()
				}
			}
		})
	}
	env.Pause("before shutdown", 3)
	q.Shutdown()
	mu.Lock()
	ranAtShutdown := ran
	mu.Unlock()
	clients.Wait()
	// Once the clients are done, accepted is final; Submit accepts nothing
	// after Shutdown has begun, so every accepted job must have run.
	mu.Lock()
	defer mu.Unlock()
	if accepted != ranAtShutdown {
		env.Fail(lostJob, "%d jobs accepted, %d had run when Shutdown returned", accepted, ranAtShutdown)
	}
	return nil
}

func main() {
	reg, err := registry()
	if err != nil {
		fmt.Fprintln(os.Stderr, "drain:", err)
		os.Exit(2)
	}
	os.Exit(simrun.Main(os.Args[1:], os.Stdout, os.Stderr, reg))
}
