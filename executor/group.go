package executor

import (
	"context"

	"github.com/execsim/execsim/sim"
)

// group starts goroutines on a runtime and joins them. Unlike a bare
// WaitGroup its Wait takes a context, so that a shutdown that must not hang
// can give up on a goroutine that a defect left blocked, and report it.
type group struct {
	rt   sim.Runtime
	mu   *sim.Mutex
	n    int
	idle sim.Chan[struct{}] // closed whenever n is zero; replaced when n leaves zero
}

func newGroup(rt sim.Runtime) *group {
	g := &group{rt: rt, mu: rt.NewMutex(), idle: sim.NewChan[struct{}](rt, 0)}
	g.idle.Close()
	return g
}

// Go starts f as a goroutine named name, counted until it returns.
func (g *group) Go(name string, f func()) {
	g.mu.Lock()
	if g.n == 0 {
		g.idle = sim.NewChan[struct{}](g.rt, 0)
	}
	g.n++
	g.mu.Unlock()
	g.rt.Go(name, func() {
		defer g.done()
		f()
	})
}

func (g *group) done() {
	g.mu.Lock()
	g.n--
	if g.n == 0 {
		g.idle.Close()
	}
	g.mu.Unlock()
}

// Running is the number of the group's goroutines that have not returned.
func (g *group) Running() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// Wait blocks until every goroutine of the group has returned (nil) or ctx
// ends (ctx's error).
func (g *group) Wait(ctx context.Context) error {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	if g.rt.Select(idle.RecvCase(nil, nil), sim.DoneCase(ctx)) == 0 {
		return nil
	}
	// Both may have been ready: finished goroutines are not a timeout.
	if _, _, ready := idle.TryRecv(); ready {
		return nil
	}
	return ctx.Err()
}
