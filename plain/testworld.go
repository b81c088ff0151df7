package plain

import (
	"sync"
	"testing"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// A world is what [T] needs of a running world of [Test]: rewritten code
// carries no handle, only the test's *testing.T, so T finds the seed's run
// from the calling goroutine (sim.Current) in this registry.
type world struct {
	rt   sim.Runtime
	st   *simtest.T // the seed's run
	t    *testing.T // the test's own, which the body and Run's steps receive
	step string     // the steps of TB.Run being run, "a/b"; "" outside them
}

// worlds maps a running world (its sim.Runtime) to its *world. A world is
// added when its body starts and removed when the next world of the same
// Test starts, or the Test returns: goroutines of a world call T until
// the world is over, after its body returned.
var worlds sync.Map // sim.Runtime → *world

// remember registers the world of the calling goroutine for st.
func remember(st *simtest.T, t *testing.T) *world {
	w := &world{rt: sim.Current(), st: st, t: t}
	worlds.Store(w.rt, w)
	return w
}

// forget removes w from the registry; nil is nothing.
func (w *world) forget() {
	if w != nil {
		worlds.CompareAndDelete(w.rt, w)
	}
}

// current is the calling goroutine's world of a Test, or nil: natively,
// and in worlds that are not a Test's (kit code under simtest or simrun).
func current() *world {
	rt := sim.Current()
	if rt == nil {
		return nil
	}
	if w, ok := worlds.Load(rt); ok {
		return w.(*world)
	}
	return nil
}

// prefix names the step a message was made in.
func (w *world) prefix() string { return "[" + w.step + "]" }
