package simtest_test

import (
	"fmt"
	"strings"

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
	body := func(rt sim.Runtime) {
		jobs := sim.NewChan[int](rt, 0)
		rt.Go("worker", func() {
			for {
				if _, ok := jobs.Recv(); !ok {
					return
				}
			}
		})
		jobs.Send(1)
		// Missing: jobs.Close()
	}
	simtest.Run(printTB{"TestShutdown"}, func(t *simtest.T) { body(t) }, simtest.NoPersist())
	// Output:
	// simtest: seed 0 (run 1 of 100), strategy random: not-joined
	// go test ./simtest -run '^TestShutdown$' -execsim.seed=0
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
