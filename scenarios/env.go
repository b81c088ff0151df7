package scenarios

import (
	"fmt"
	"slices"
	"time"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
)

// Env is what a scenario runs against: a runtime, a network, the defects
// switched on, and the recorder of properties. On the sim engine the
// runtime is a world and the network is fakenet; on the real engine it is
// the real kit over loopback TCP.
type Env struct {
	// RT is the runtime everything runs on.
	RT sim.Runtime
	// Net is the simulated network, or nil on the real engine (scenarios
	// with Faults never run there).
	Net *fakenet.Network
	// Engine is "sim" or "real".
	Engine string
	// Timeout is every service's controller timeout: it bounds each send
	// and each step of a shutdown.
	Timeout time.Duration

	defects  []string
	failMu   *sim.Mutex // failures are recorded from any goroutine (an execution observer)
	failures []*Failure
	tcp      *tcp.Transport
	addrs    map[string]string // host → address; looked up, never ranged over
	wg       *sim.WaitGroup    // the scenario's own goroutines
	clusters []*Cluster
	reg      *Registry // the run's registry, for its failure kinds
}

func newEnv(rt sim.Runtime, engine string, defects []string) *Env {
	e := &Env{RT: rt, Engine: engine, defects: defects, addrs: map[string]string{}, wg: rt.NewWaitGroup(), failMu: rt.NewMutex(), reg: defaultRegistry}
	if engine == EngineReal {
		e.Timeout = 2 * time.Second
		e.tcp = tcp.New(tcp.Config{})
	} else {
		e.Timeout = time.Second
	}
	return e
}

// Fail records that a property did not hold; the first recorded failure
// is the run's verdict.
func (e *Env) Fail(kind Kind, format string, args ...any) {
	e.record(&Failure{Kind: kind, Message: fmt.Sprintf(format, args...)})
}

func (e *Env) record(f *Failure) {
	e.failMu.Lock()
	e.failures = append(e.failures, f)
	e.failMu.Unlock()
}

// check records f, a property's decision (property.go), if it is a
// failure.
func (e *Env) check(f *Failure) {
	if f != nil {
		e.record(f)
	}
}

// Failed reports whether a property failure has been recorded.
func (e *Env) Failed() bool {
	e.failMu.Lock()
	defer e.failMu.Unlock()
	return len(e.failures) > 0
}

// Defect reports whether the run switched on the named defect (one its
// registry declared; see Registry.AddDefect).
func (e *Env) Defect(name string) bool { return slices.Contains(e.defects, name) }

// Choose draws a number in [0, n): in a world, from the schedule.
func (e *Env) Choose(label string, n int) int { return e.RT.Choose(label, n) }

// Sleep lets time pass (virtual time in a world).
func (e *Env) Sleep(d time.Duration) { e.RT.Sleep(d) }

// Pause sleeps a whole number of milliseconds drawn from [0, upTo): the
// scenarios' way to let a drawn amount of work happen before the next step.
func (e *Env) Pause(label string, upTo int) {
	e.Sleep(time.Duration(e.Choose(label, upTo)) * time.Millisecond)
}

// Go starts a goroutine of the scenario's own; the engine joins every one
// of them before it checks for leaks.
func (e *Env) Go(name string, f func()) { e.wg.Go(name, f) }

// Transport is the network as seen from host.
func (e *Env) Transport(host string) (transport.Transport, error) {
	if e.Net != nil {
		return e.Net.Host(host)
	}
	return e.tcp, nil
}

// Addr is the address of host's service. In a world it is host:7000; on
// the real engine, a loopback port reserved for the run, so that a
// restarted service comes back on the same address.
func (e *Env) Addr(host string) (string, error) {
	if a, ok := e.addrs[host]; ok {
		return a, nil
	}
	a := host + ":7000"
	if e.Net == nil {
		var err error
		if a, err = reservePort(); err != nil {
			return "", fmt.Errorf("scenarios: reserving a port for %s: %w", host, err)
		}
	}
	e.addrs[host] = a
	return a, nil
}

// finish closes every cluster the scenario left open and joins the
// scenario's goroutines, within a deadline.
func (e *Env) finish() {
	for _, c := range e.clusters {
		c.Close()
	}
	ctx, cancel := e.RT.WithTimeout(bg(), 10*e.Timeout)
	defer cancel()
	done := sim.NewChan[struct{}](e.RT, 0)
	e.RT.Go("scenario join", func() { e.wg.Wait(); done.Close() })
	if sim.Select(e.RT, done.RecvCase(nil, nil), sim.DoneCase(ctx)) == 1 {
		e.Fail(Hang, "a scenario goroutine did not finish within %v", 10*e.Timeout)
	}
}
