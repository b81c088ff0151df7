package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.uber.org/goleak"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
)

// The engines and strategies, by their stable names.
const (
	EngineSim  = "sim"
	EngineReal = "real"

	// The strategies: sim's one list (sim.Strategies).
	StrategyRandom = string(sim.StrategyRandom)
	StrategyPCT    = string(sim.StrategyPCT)
)

// Config says how to run one scenario once.
type Config struct {
	Scenario string
	Seed     uint64
	// Strategy is StrategyRandom (the default) or StrategyPCT.
	Strategy string
	// Depth is PCT's depth; 0 means 3.
	Depth int
	// PCTSteps is the run length, in scheduling points, that PCT's change
	// points are drawn over (pct only); 0 means the scenario's Steps. A
	// Sweep learns it from its own runs and sets it for each run; it is
	// part of the replay command, because the seed alone would not know it.
	PCTSteps int64
	// Defects are the audited defects switched on, by name.
	Defects []string
	// Engine is EngineSim (the default) or EngineReal.
	Engine string
	// StepsMax bounds a world's scheduling points; 0 means the world's
	// default.
	StepsMax int64
	// Chooser, when set, makes the world's decisions instead of the
	// strategy: a replayed schedule, fuzz input, rapid.
	Chooser sim.Chooser
	// KeepTrace keeps the whole trace in Outcome.Result.
	KeepTrace bool
	// Registry holds Scenario and the defects; nil means Default(), the
	// executor's.
	Registry *Registry
	// Coroutines, when set, is the pool the sim engine's worlds take their
	// native goroutines from and leave them in (sim.CoroutinePool): a
	// sweep's worker sets one for all its runs and closes it at the end.
	Coroutines *sim.CoroutinePool
}

// registry is the configuration's registry.
func (c Config) registry() *Registry {
	if c.Registry == nil {
		return defaultRegistry
	}
	return c.Registry
}

// Check validates the configuration and fills its defaults. Errors say
// what is wrong and what is allowed.
func (c *Config) Check() error {
	if _, err := c.registry().Lookup(c.Scenario); err != nil {
		return err
	}
	st, ok := sim.ParseStrategy(c.Strategy)
	if !ok {
		return fmt.Errorf("scenarios: unknown strategy %q (known: %s)", c.Strategy, sim.StrategyNames())
	}
	c.Strategy = string(st)
	if c.Depth == 0 {
		c.Depth = sim.PCTDepthDefault
	}
	if !sim.ValidPCTDepth(c.Depth) {
		return errors.New("scenarios: " + depthRange(int64(c.Depth)))
	}
	if c.StepsMax < 0 {
		return fmt.Errorf("scenarios: StepsMax %d: want 1 or more, or 0 for the world's default", c.StepsMax)
	}
	if c.PCTSteps < 0 {
		return fmt.Errorf("scenarios: PCT steps %d: want 1 or more, or 0 for the scenario's estimate", c.PCTSteps)
	}
	if c.PCTSteps > 0 && c.Strategy != StrategyPCT {
		return fmt.Errorf("scenarios: PCT steps %d given for strategy %s: only pct is sized", c.PCTSteps, c.Strategy)
	}
	switch c.Engine {
	case "":
		c.Engine = EngineSim
	case EngineSim, EngineReal:
	default:
		return fmt.Errorf("scenarios: unknown engine %q (known: %s, %s)", c.Engine, EngineSim, EngineReal)
	}
	if err := c.registry().checkDefects(c.Defects); err != nil {
		return err
	}
	if c.Engine == EngineReal && c.Chooser != nil {
		return fmt.Errorf("scenarios: the real engine cannot follow a schedule: replay and fuzz run on the sim engine")
	}
	return nil
}

// Outcome is the verdict of one run.
type Outcome struct {
	Scenario  string   `json:"scenario"`
	Seed      uint64   `json:"seed"`
	Strategy  string   `json:"strategy"`
	Defects   []string `json:"defects"`
	Engine    string   `json:"engine"`
	Verdict   string   `json:"verdict"` // "pass" or "fail"
	Failure   *Failure `json:"failure,omitempty"`
	Steps     int64    `json:"steps"`
	VirtualNS int64    `json:"virtual_ns"`
	TraceHash string   `json:"trace_hash"`
	// Result is the world's result (sim engine only): trace, schedule.
	Result *sim.Result `json:"-"`
	// Replay is the command that runs this seed again, as the front end
	// that owns its flags spells it (simrun fills it in; scenarios leaves
	// it empty).
	Replay string `json:"replay,omitempty"`
	// Depth is PCT's depth (pct only), part of the replay command.
	Depth int `json:"depth,omitempty"`
	// PCTSteps is the run length PCT was sized for (pct only), part of the
	// replay command.
	PCTSteps int64 `json:"pct_steps,omitempty"`
	// StepsMax is the world's step budget when one was set.
	StepsMax int64 `json:"budget_steps,omitempty"`
	// Program is the command of the binary serving the run's registry
	// (Registry.Program): a replay command starts with it.
	Program string `json:"-"`
}

// Run runs one scenario once and returns its verdict. An error means the
// configuration was wrong; a failing property is a verdict, not an error.
func Run(cfg Config) (*Outcome, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	s, _ := cfg.registry().Lookup(cfg.Scenario)
	if cfg.Engine == EngineReal && s.Faults {
		return nil, fmt.Errorf("scenarios: %s injects network faults, which only the sim engine can do", s.Name)
	}
	o := &Outcome{Scenario: s.Name, Seed: cfg.Seed, Strategy: cfg.Strategy, Defects: slices.Clone(cfg.Defects), Engine: cfg.Engine, StepsMax: cfg.StepsMax, Program: cfg.registry().program}
	if cfg.Strategy == StrategyPCT {
		o.Depth, o.PCTSteps = cfg.Depth, cfg.pctSteps(s)
	}
	if o.Defects == nil {
		o.Defects = []string{}
	}
	if cfg.Engine == EngineReal {
		o.Failure = runReal(s, cfg)
	} else {
		o.Failure, o.Result = runSim(s, cfg)
		o.Steps, o.VirtualNS = o.Result.Steps, int64(o.Result.Elapsed)
		o.TraceHash = fmt.Sprintf("%016x", o.Result.Hash)
	}
	o.Verdict = "pass"
	if o.Failure != nil {
		o.Verdict = "fail"
	}
	return o, nil
}

// WorldOptions are the options a sim-engine run of cfg gives its world
// (seed, the strategy's chooser, step budget), for harnesses that run
// Body in worlds of their own, such as a determinism check.
func (c Config) WorldOptions() (sim.Options, error) {
	if err := c.Check(); err != nil {
		return sim.Options{}, err
	}
	s, _ := c.registry().Lookup(c.Scenario)
	return sim.Options{Seed: c.Seed, Chooser: c.chooser(s), StepsMax: c.StepsMax, TimerHorizon: timerHorizon}, nil
}

// timerHorizon lets the scenarios' timers and deliveries race running code
// (sim.Options.TimerHorizon): any message of netConfig's latencies (up to
// 2 ms), and any retry or deadline due within 2 ms, may land between two
// steps of a Shutdown or a loop. It stays far below the 1 s controller
// timeout, so a timeout fires early only when its deadline is already
// that close: computation on a busy machine, not a stalled one.
const timerHorizon = 2 * time.Millisecond

// chooser is the strategy's Chooser for a seed.
func (c Config) chooser(s Scenario) sim.Chooser {
	if c.Chooser != nil {
		return c.Chooser
	}
	var sizer *sim.PCTSizer
	if c.Strategy == StrategyPCT {
		sizer = sim.NewPCTSizer(c.pctSteps(s))
	}
	return sim.NewStrategy(sim.Strategy(c.Strategy), c.Seed, c.Depth, sizer)
}

// pctStepsDefault is a scenario's run length for PCT when it gives none.
const pctStepsDefault = 2000

// pctSteps is the run length PCT is sized for: the configuration's, else
// the scenario's estimate.
func (c Config) pctSteps(s Scenario) int64 {
	switch {
	case c.PCTSteps > 0:
		return c.PCTSteps
	case s.Steps > 0:
		return int64(s.Steps)
	}
	return pctStepsDefault
}

// netConfig is the sim engine's network: latency but no faults; the
// scenarios that want faults inject them.
var netConfig = fakenet.Config{LinkConfig: fakenet.LinkConfig{LatencyMin: 100 * time.Microsecond, LatencyMax: 2 * time.Millisecond}}

func runSim(s Scenario, cfg Config) (*Failure, *sim.Result) {
	var env *Env
	var harness error
	res := sim.Run(sim.Options{Seed: cfg.Seed, Chooser: cfg.chooser(s), StepsMax: cfg.StepsMax, KeepTrace: cfg.KeepTrace, TimerHorizon: timerHorizon, Coroutines: cfg.Coroutines}, func(rt sim.Runtime) {
		env, harness = runInWorld(rt, s, cfg)
	})
	return verdict(env, harness, res.Failure), res
}

// runInWorld is the body of a sim-engine run: fakenet, the scenario, and
// the end-of-run checks.
func runInWorld(rt sim.Runtime, s Scenario, cfg Config) (*Env, error) {
	n, err := fakenet.New(rt, netConfig)
	if err != nil {
		return nil, err
	}
	env := newEnv(rt, EngineSim, cfg.Defects)
	env.reg = cfg.registry()
	env.Net = n
	err = s.Run(env)
	env.finish()
	n.Close()
	return env, err
}

// Body is a scenario as a world body, for harnesses that run worlds
// themselves (simtest.Run, a fuzz target): the same run as the sim engine
// makes, except that a property that does not hold (or a harness error)
// panics at the end of the body with the *Failure, so that the world
// reports it as a panic of "main" whose message names the property.
// Strategy, seed and chooser belong to the harness; cfg gives the
// scenario and the defects.
func Body(cfg Config) (func(sim.Runtime), error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	s, _ := cfg.registry().Lookup(cfg.Scenario)
	return func(rt sim.Runtime) {
		env, harness := runInWorld(rt, s, cfg)
		if f := verdict(env, harness, nil); f != nil {
			panic(f)
		}
	}, nil
}

// verdict picks the run's failure: the first property the scenario saw
// break, else what the world found, else a harness error.
func verdict(env *Env, harness error, world *sim.Failure) *Failure {
	if env != nil && len(env.failures) > 0 {
		f := env.failures[0]
		if f.Kind != Harness && !slices.Contains(env.reg.Kinds(), f.Kind) {
			f = &Failure{Kind: Harness, Goroutine: f.Goroutine, Report: f.Report,
				Message: fmt.Sprintf("undeclared failure kind %q (declare it with Registry.AddKind): %s", f.Kind, f.Message)}
		}
		switch {
		case world != nil && f.Report != "":
			// The property's own report (a join check's stacks, taken the
			// moment Shutdown returned) says more than the world's end.
			f.Report += "\nthe world also found: " + world.Error()
		case world != nil:
			f.Report = "the world also found: " + world.Report()
		}
		return f
	}
	if world != nil {
		return fromWorld(world)
	}
	if harness != nil {
		return &Failure{Kind: Harness, Message: harness.Error()}
	}
	return nil
}

// realDeadline bounds a real-engine run in wall-clock time.
const realDeadline = 60 * time.Second

func runReal(s Scenario, cfg Config) *Failure {
	ignore := goleak.IgnoreCurrent()
	rt := sim.NewReal(cfg.Seed)
	env := newEnv(rt, EngineReal, cfg.Defects)
	env.reg = cfg.registry()
	// The real engine is the one place a scenario runs outside a world, on
	// the Go runtime's goroutines and clock, so these lines are exempt.
	done := make(chan error, 1) //simvet:allow the real engine waits for its scenario on a real channel
	go func() {                 //simvet:allow the real engine runs its scenario on a real goroutine
		err := s.Run(env)
		env.finish()
		done <- err //simvet:allow the real engine reports back on a real channel
	}()
	var harness error
	select { //simvet:allow the real engine bounds its run in wall-clock time
	case harness = <-done: //simvet:allow the real engine waits for its scenario
	case <-time.After(realDeadline): //simvet:allow the real engine's wall-clock deadline
		return &Failure{Kind: Hang, Message: fmt.Sprintf("the scenario did not finish within %v of wall-clock time", realDeadline)}
	}
	f := verdict(env, harness, nil)
	if err := goleak.Find(ignore); err != nil && f == nil {
		f = &Failure{Kind: Leak, Message: "goroutines still running after the scenario: " + firstLine(err.Error()), Report: err.Error()}
	}
	for _, c := range env.clusters {
		c.reap() // the process must not keep what a defect left behind
	}
	return f
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// depthRange says what is wrong with a PCT depth out of range, also where
// it is read as 64 bits (a schedule file) and does not fit an int.
func depthRange(d int64) string {
	return fmt.Sprintf("PCT depth %d: want 1 to %d, or 0 for %d", d, sim.PCTDepthMax, sim.PCTDepthDefault)
}
