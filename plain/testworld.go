package plain

import (
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

// The *world of a running world is kept by the world itself (sim.Local,
// keyed by its Runtime), so it lives exactly as long as the world: its
// goroutines call T until the world is over, after its body returned.

// remember makes the calling goroutine's world a Test's, for st.
func remember(st *simtest.T, t *testing.T) {
	rt := sim.Current()
	sim.Local(rt, rt, func() *world { return &world{rt: rt, st: st, t: t} })
}

// current is the calling goroutine's world of a Test, or nil: natively,
// and in worlds that are not a Test's (kit code under simtest or simrun).
func current() *world {
	rt := sim.Current()
	if rt == nil {
		return nil
	}
	return sim.Local(rt, rt, func() *world { return nil })
}

// prefix names the step a message was made in.
func (w *world) prefix() string { return "[" + w.step + "]" }
