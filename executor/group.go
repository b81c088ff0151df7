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
	live []*member          // running, in start order, so a report can name them
	idle sim.Chan[struct{}] // closed whenever live is empty; replaced when it fills
}

type member struct{ name string }

func newGroup(rt sim.Runtime) *group {
	g := &group{rt: rt, mu: rt.NewMutex(), idle: sim.NewChan[struct{}](rt, 0)}
	g.idle.Close()
	return g
}

// Go starts f as a goroutine named name, counted until it returns.
func (g *group) Go(name string, f func()) {
	m := &member{name: name}
	g.mu.Lock()
	if len(g.live) == 0 {
		g.idle = sim.NewChan[struct{}](g.rt, 0)
	}
	g.live = append(g.live, m)
	g.mu.Unlock()
	g.rt.Go(name, func() {
		defer g.done(m)
		f()
	})
}

func (g *group) done(m *member) {
	g.mu.Lock()
	for i, x := range g.live {
		if x == m {
			g.live = append(g.live[:i], g.live[i+1:]...)
			break
		}
	}
	if len(g.live) == 0 {
		g.idle.Close()
	}
	g.mu.Unlock()
}

// Running is the number of the group's goroutines that have not returned.
func (g *group) Running() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.live)
}

// RunningNames names the group's goroutines that have not returned, in the
// order they started.
func (g *group) RunningNames() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	names := make([]string, len(g.live))
	for i, m := range g.live {
		names[i] = m.name
	}
	return names
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
