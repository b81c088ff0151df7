package sim

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Group is structured concurrency for a component: the goroutines it
// starts, named, joined with a deadline, and checked. A service keeps one
// Group per component it starts and stops, and its Shutdown waits on it.
//
// Ownership. Every goroutine started with Group.Go belongs to the group
// (is owned by it), and in a world so is every goroutine that an owned
// goroutine starts, with Runtime.Go or with a Group of its own (the owner
// is inherited, as a context is). Groups nest: Sub makes a child group
// whose goroutines are owned by the parent too, and NewGroup called from
// an owned goroutine makes a group nested in that goroutine's owner. So
// the group of an ExecutorService owns its controller's loops, its
// receivers and the per-round goroutines of its executor loop, however
// they were started.
//
// Joined is the check "nothing this group owns is still running", made at
// the point the caller chooses: for a service, the moment its Shutdown
// returns. In a world it sees every owned goroutine, with its spawn site
// and what it is doing; on the real kit, which has no goroutine-local
// owner, it sees the group's members and its sub-groups' members.
//
// A member whose function has returned counts as gone, even though its
// goroutine still runs the group's bookkeeping on the way out.
type Group struct {
	rt   Runtime
	sc   *scope
	mu   *Mutex
	live []member       // running, in start order, so a report can name them
	idle Chan[struct{}] // closed whenever live is empty; replaced when it fills
	subs []*Group
	seq  int // members started so far
}

// A member is known by its number in the group, not by a pointer: an
// object of its own for each Go was an allocation beside the goroutine's
// function (issue 19).
type member struct {
	name string
	n    int
}

// NewGroup makes an empty group named name (names appear in reports as a
// path: "ExecutorService-0/controller"). Called from a goroutine that a
// group owns, the new group is nested in that owner.
func NewGroup(rt Runtime, name string) *Group {
	return newGroup(rt, &scope{name: name, parent: rt.currentScope()})
}

func newGroup(rt Runtime, sc *scope) *Group {
	g := &Group{rt: rt, sc: sc, mu: rt.NewMutex(), idle: NewChan[struct{}](rt, 0)}
	g.idle.Close()
	return g
}

// Sub makes a group nested in g: what it owns, g owns too. g's Wait does
// not wait for it (the sub-component's own stop does); g's Joined checks
// it.
func (g *Group) Sub(name string) *Group {
	s := newGroup(g.rt, &scope{name: name, parent: g.sc})
	g.mu.Lock()
	g.subs = append(g.subs, s)
	g.mu.Unlock()
	return s
}

// Name is the group's path from the outermost group.
func (g *Group) Name() string { return g.sc.path() }

// Go starts f as a goroutine named name, owned by g and counted until f
// returns. Its spawn site in reports is the line that called Go.
func (g *Group) Go(name string, f func()) {
	g.mu.Lock()
	if len(g.live) == 0 {
		g.idle = NewChan[struct{}](g.rt, 0)
	}
	g.seq++
	n := g.seq
	g.live = append(g.live, member{name: name, n: n})
	g.mu.Unlock()
	g.rt.goOwned(name, g.sc, func() {
		defer g.done(n)
		f()
	})
}

func (g *Group) done(n int) {
	g.rt.leaveScope()
	g.mu.Lock()
	for i, x := range g.live {
		if x.n == n {
			g.live = append(g.live[:i], g.live[i+1:]...)
			break
		}
	}
	if len(g.live) == 0 {
		g.idle.Close()
	}
	g.mu.Unlock()
}

// Running is the number of g's members whose function has not returned
// (sub-groups not included).
func (g *Group) Running() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.live)
}

// RunningNames names g's members whose function has not returned, in the
// order they started (sub-groups not included).
func (g *Group) RunningNames() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	names := make([]string, len(g.live))
	for i, m := range g.live {
		names[i] = m.name
	}
	return names
}

// Wait blocks until every member of g has returned (nil) or ctx ends
// (ctx's error). It does not wait for sub-groups.
func (g *Group) Wait(ctx context.Context) error {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	if Select(g.rt, idle.RecvCase(nil, nil), DoneCase(ctx)) == 0 {
		return nil
	}
	// Both may have been ready: finished goroutines are not a timeout.
	if _, _, ready := idle.TryRecv(); ready {
		return nil
	}
	return ctx.Err()
}

// ErrNotJoined is what a failed Joined check wraps.
var ErrNotJoined = errors.New("not joined")

// Joined reports nil if nothing g owns is still running, and otherwise an
// error that wraps ErrNotJoined and names each goroutine. In a world the
// error is a *Failure of KindNotJoined with every owned goroutine still
// alive, its spawn site, what it blocks on and its stack (errors.As finds
// it); owned goroutines that are runnable are first let run until they
// block or end, so one on its way out after signalling its end is not
// reported. On the real kit it names the members of g and its sub-groups
// still running.
func (g *Group) Joined() error {
	if f := g.rt.joinCheck(g.sc); f != nil {
		return f
	}
	var names []string
	g.collect(&names)
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("sim: %s: %d goroutine(s) still running when it was to be joined: %s: %w", g.Name(), len(names), strings.Join(names, ", "), ErrNotJoined)
}

func (g *Group) collect(names *[]string) {
	*names = append(*names, g.RunningNames()...)
	g.mu.Lock()
	subs := append([]*Group(nil), g.subs...)
	g.mu.Unlock()
	for _, s := range subs {
		s.collect(names)
	}
}
