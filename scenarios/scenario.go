package scenarios

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/execsim/execsim/executor"
)

// Scenario is a named start/shutdown/fault interleaving of a service,
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

// Defect is a switchable bug of the system under test, for -defect and
// -list: a scenario asks Env.Defect(Name) whether it is on.
type Defect struct {
	Name        string
	Description string
	// Alone says what a run with only this defect shows, if known.
	Alone string
}

// Registry is a set of scenarios, the defects they can switch on and the
// failure kinds beyond the standard ones that they report: what simrun
// sweeps, replays and shrinks. The executor's scenarios are Default();
// a user's binary builds its own with NewRegistry and hands it to
// simrun.Main. A Config names its Registry; nil means Default().
type Registry struct {
	// program is the command that runs simrun over the registry, as
	// printed replay commands start.
	program   string
	scenarios []Scenario // sorted by name
	defects   []Defect   // in the order added
	kinds     []Kind     // beyond Kinds(), in the order added
	// executorDefects: defects are the executor's (executor.Defects),
	// checked by executor.ParseDefects.
	executorDefects bool
}

var defaultRegistry = &Registry{program: "go run ./cmd/simrun", executorDefects: true}

// Default is the registry of the executor's scenarios and defects.
func Default() *Registry { return defaultRegistry }

// NewRegistry returns an empty registry whose replay commands start with
// program: how a user runs the binary that serves it, such as
// "go run ./cmd/mysim".
func NewRegistry(program string) *Registry {
	return &Registry{program: program}
}

// Program is the command replay commands start with.
func (r *Registry) Program() string { return r.program }

// nameRE is what a scenario, defect or kind name may be: it appears in
// flags, file names and metadata lines.
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Register adds a scenario. Its name must be new, lowercase letters,
// digits and dashes; Run must be set.
func (r *Registry) Register(s Scenario) error {
	switch {
	case !nameRE.MatchString(s.Name) || s.Name == "all":
		return fmt.Errorf("scenarios: scenario name %q: want lowercase letters, digits and dashes, not \"all\"", s.Name)
	case s.Run == nil:
		return fmt.Errorf("scenarios: scenario %s has no Run", s.Name)
	}
	if _, ok := r.lookup(s.Name); ok {
		return fmt.Errorf("scenarios: duplicate scenario %s", s.Name)
	}
	r.scenarios = append(r.scenarios, s)
	slices.SortFunc(r.scenarios, func(a, b Scenario) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// AddDefect declares a defect that -defect may switch on.
func (r *Registry) AddDefect(d Defect) error {
	if r.executorDefects {
		return fmt.Errorf("scenarios: the executor's registry takes its defects from package executor")
	}
	if !nameRE.MatchString(d.Name) || slices.ContainsFunc(r.defects, func(x Defect) bool { return x.Name == d.Name }) {
		return fmt.Errorf("scenarios: defect name %q: want a new name of lowercase letters, digits and dashes", d.Name)
	}
	r.defects = append(r.defects, d)
	return nil
}

// AddKind declares a failure kind of the registry's own, for properties
// its scenarios check with Env.Fail beyond the standard Kinds(). A kind
// a scenario reports without declaring it is a harness failure.
func (r *Registry) AddKind(k Kind) error {
	if !nameRE.MatchString(string(k)) || slices.Contains(r.Kinds(), k) || k == Harness {
		return fmt.Errorf("scenarios: failure kind %q: want a new name of lowercase letters, digits and dashes", k)
	}
	r.kinds = append(r.kinds, k)
	return nil
}

// register adds one of the executor's scenarios at init.
func register(s Scenario) {
	if err := defaultRegistry.Register(s); err != nil {
		panic(err)
	}
}

// All returns the registry's scenarios, sorted by name.
func (r *Registry) All() []Scenario { return slices.Clone(r.scenarios) }

// Lookup finds a scenario by name; the error lists the known ones.
func (r *Registry) Lookup(name string) (Scenario, error) {
	if s, ok := r.lookup(name); ok {
		return s, nil
	}
	return Scenario{}, fmt.Errorf("scenarios: unknown scenario %q (known: %s)", name, strings.Join(r.Names(), ", "))
}

func (r *Registry) lookup(name string) (Scenario, bool) {
	for _, s := range r.scenarios {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Names lists the scenario names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, len(r.scenarios))
	for i, s := range r.scenarios {
		names[i] = s.Name
	}
	return names
}

// Defects lists the defects -defect may switch on.
func (r *Registry) Defects() []Defect {
	if !r.executorDefects {
		return slices.Clone(r.defects)
	}
	var out []Defect
	for _, d := range executor.Defects() {
		out = append(out, Defect{Name: d.Name, Description: d.Description, Alone: d.Alone})
	}
	return out
}

// Kinds lists the failure kinds the registry's runs can report: the
// standard Kinds() and the registry's own.
func (r *Registry) Kinds() []Kind { return append(Kinds(), r.kinds...) }

// checkDefects reports an unknown defect name.
func (r *Registry) checkDefects(names []string) error {
	if r.executorDefects {
		_, err := executor.ParseDefects(names...)
		return err
	}
	for _, n := range names {
		if !slices.ContainsFunc(r.defects, func(d Defect) bool { return d.Name == n }) {
			var known []string
			for _, d := range r.defects {
				known = append(known, d.Name)
			}
			return fmt.Errorf("scenarios: unknown defect %q (known: %s)", n, strings.Join(known, ", "))
		}
	}
	return nil
}

// All returns the executor's scenarios, sorted by name.
func All() []Scenario { return defaultRegistry.All() }

// Lookup finds one of the executor's scenarios by name.
func Lookup(name string) (Scenario, error) { return defaultRegistry.Lookup(name) }

// Names lists the executor's scenario names, sorted.
func Names() []string { return defaultRegistry.Names() }
