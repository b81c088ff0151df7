package scenarios

import (
	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
)

// NewWorldEnv is the sim engine's Env for a harness that runs a world of
// its own and drives a Cluster itself (the rapid model in fuzz/): fakenet
// with the sim engine's links, the defects switched on. Call Finish at
// the end of the world's body; Failures then holds what broke.
func NewWorldEnv(rt sim.Runtime, defects []string) (*Env, error) {
	if _, err := executor.ParseDefects(defects...); err != nil {
		return nil, err
	}
	n, err := fakenet.New(rt, netConfig)
	if err != nil {
		return nil, err
	}
	e := newEnv(rt, EngineSim, defects)
	e.Net = n
	return e, nil
}

// Finish does what the engine does after a scenario: closes every
// cluster left open (checking its blocks' outcomes), joins the
// scenario's goroutines, and closes the network.
func (e *Env) Finish() {
	e.finish()
	if e.Net != nil {
		e.Net.Close()
	}
}

// Failures are the properties recorded as broken, first first.
func (e *Env) Failures() []*Failure {
	e.failMu.Lock()
	defer e.failMu.Unlock()
	return append([]*Failure(nil), e.failures...)
}
