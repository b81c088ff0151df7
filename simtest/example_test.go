package simtest_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// In a test, Run takes the test's *testing.T:
//
//	func TestShutdown(t *testing.T) {
//		simtest.Run(t, body)
//	}
//
// Here a TB that prints the first and the last line of what Run reports
// stands in for it: the verdict, and the command that reproduces it.
func ExampleRun() {
	simtest.Run(printTB{"TestShutdown"}, func(t *simtest.T) {
		jobs := sim.NewChan[int](t, 0)
		t.Go("worker", func() {
			for {
				if _, ok := jobs.Recv(); !ok {
					return
				}
			}
		})
		jobs.Send(1)
		// Missing: jobs.Close(), and waiting for the worker.
	}, simtest.NoPersist())
	// Output:
	// simtest: seed 0 (run 1 of 100), strategy random: not-joined
	// go test ./simtest -run '^TestShutdown$' -execsim.seed=0
}

// A failed check of the body's T fails the seed it fails in, with the
// command that runs that seed again.
func ExampleT() {
	simtest.Run(printTB{"TestStop"}, func(t *simtest.T) {
		flushed := false
		t.Go("flusher", func() {
			t.Sleep(time.Millisecond)
			flushed = true
		})
		// Missing: waiting for the flusher.
		if !flushed {
			t.Errorf("returned before the flush")
		}
	}, simtest.NoPersist())
	// Output:
	// simtest: seed 0 (run 1 of 100), strategy random: check
	// go test ./simtest -run '^TestStop$' -execsim.seed=0
}

// printTB prints the first and last line of each error.
type printTB struct{ name string }

func (p printTB) Helper()             {}
func (p printTB) Name() string        { return p.name }
func (p printTB) Logf(string, ...any) {}
func (p printTB) Errorf(f string, a ...any) {
	lines := strings.Split(fmt.Sprintf(f, a...), "\n")
	fmt.Println(lines[0])
	fmt.Println(strings.TrimSpace(lines[len(lines)-1]))
}
