package plain

import (
	"runtime"

	"github.com/execsim/execsim/sim"
)

// A world runs no finalizers and no cleanups. The collector decides when
// they run, which no seed fixes, and calls them on a goroutine the world
// did not start: a finalizer that stops a cache's janitor (patrickmn's
// go-cache) made a run fail as an unreachable call at a moment the replay
// did not repeat. One set in a world is therefore not set, and what it
// would have released stays: the janitor is reported as what it is, a
// goroutine still alive after the test, as goleak reports it natively
// unless a collection happened to run. The trace notes each one. Clearing
// a finalizer (a nil one) is passed on.

// SetFinalizer is runtime.SetFinalizer(obj, finalizer).
func SetFinalizer(obj any, finalizer any) {
	if rt := sim.Current(); rt != nil && finalizer != nil {
		rt.Trace(0, "finalizer not set: a world runs no finalizers (when the collector would run one is not the seed's)")
		return
	}
	runtime.SetFinalizer(obj, finalizer)
}

// AddCleanup is runtime.AddCleanup(ptr, cleanup, arg); in a world it
// returns a Cleanup whose Stop does nothing.
func AddCleanup[T, S any](ptr *T, cleanup func(S), arg S) runtime.Cleanup {
	if rt := sim.Current(); rt != nil {
		rt.Trace(0, "cleanup not added: a world runs no cleanups (when the collector would run one is not the seed's)")
		return runtime.Cleanup{}
	}
	return runtime.AddCleanup(ptr, cleanup, arg)
}
