package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// Scenario is a named start/shutdown/fault interleaving of the executor,
// checked by the standard properties after every run.
type Scenario struct {
	// Name is stable: scripts, expectation files and replay commands use it.
	Name string
	// Description is one line for -list.
	Description string
	// Faults says the scenario injects network faults (loss, partitions,
	// crashes), which only the sim engine's fakenet can do.
	Faults bool
	// Steps estimates a run's length in scheduling points, for PCT's
	// change points before a sweep has learnt the real length (the first
	// seed of a Sweep, a single run without Config.PCTSteps); 0 means 2,000.
	Steps int
	// Run drives the system through env. A property that does not hold is
	// recorded with env.Fail (or found by the world: a leak, a panic); an
	// error returned is the harness's own (a cluster that cannot be built)
	// and is reported as such.
	Run func(env *Env) error
}

var registry []Scenario

// register adds a scenario at init; names are unique.
func register(s Scenario) {
	if _, ok := lookup(s.Name); ok {
		panic("scenarios: duplicate scenario " + s.Name)
	}
	registry = append(registry, s)
	slices.SortFunc(registry, func(a, b Scenario) int { return strings.Compare(a.Name, b.Name) })
}

// All returns every scenario, sorted by name.
func All() []Scenario { return slices.Clone(registry) }

// Lookup finds a scenario by name; the error lists the known ones.
func Lookup(name string) (Scenario, error) {
	if s, ok := lookup(name); ok {
		return s, nil
	}
	return Scenario{}, fmt.Errorf("scenarios: unknown scenario %q (known: %s)", name, strings.Join(Names(), ", "))
}

func lookup(name string) (Scenario, bool) {
	for _, s := range registry {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Names lists the scenario names, sorted.
func Names() []string {
	names := make([]string, len(registry))
	for i, s := range registry {
		names[i] = s.Name
	}
	return names
}
