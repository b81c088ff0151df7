package sim

import (
	"context"
	"time"
)

// Runtime is the only door to concurrency and time for code that a world
// must be able to schedule. Code written against it runs unchanged on the
// real kit ([NewReal]: native goroutines, channels and clock) and inside a
// world ([Run]: one goroutine at a time, virtual clock, choices from a
// [Chooser]).
//
// Channels are made with the generic function [NewChan], because Go methods
// cannot have type parameters. Everything else hangs off the Runtime.
//
// Calling a Runtime from a goroutine that it did not start (for a world:
// from outside [Run]'s body and the goroutines it spawned) is an error that
// panics with a message saying so.
type Runtime interface {
	// Go starts f as a new goroutine named name. Names appear in traces and
	// failure reports; they need not be unique. In a world the new goroutine
	// does not run until the scheduler picks it. Its spawn site, in
	// reports, is the first caller outside functions named Go, so that a
	// helper like WaitGroup.Go (or an errgroup-like Go of your own) names
	// the line that called it.
	Go(name string, f func())

	// Yield is a scheduling point with no other effect, like
	// runtime.Gosched.
	Yield()

	// Now reports the runtime's current time. A world's clock starts at
	// [Epoch] and moves only when every goroutine is blocked.
	Now() time.Time

	// Sleep pauses the calling goroutine for at least d.
	Sleep(d time.Duration)

	// NewTimer creates a timer that sends the current time on its channel C
	// after at least d. Stop and Reset follow Go 1.23 semantics: after they
	// return, no stale value is received from C.
	NewTimer(d time.Duration) *Timer

	// After is NewTimer(d).C.
	After(d time.Duration) Chan[time.Time]

	// NewMutex, NewRWMutex, NewWaitGroup and NewOnce make the sync
	// primitives, with the semantics of their namesakes in package sync.
	NewMutex() *Mutex
	NewRWMutex() *RWMutex
	NewWaitGroup() *WaitGroup
	NewOnce() *Once

	// WithCancel, WithDeadline and WithTimeout are the context package's
	// functions on the runtime's clock; deadlines are virtual time, and
	// [DoneCase] lets [Runtime.Select] wait on the result. In a world the
	// parent may be any context: one that something outside the world can
	// cancel (t.Context(), an untouched package's) is polled when the world
	// is quiescent, like any completion from outside, and its cancellation
	// reaches the child with its error and cause.
	WithCancel(parent context.Context) (context.Context, context.CancelFunc)
	WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc)
	WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc)

	// Select blocks until one of the cases can proceed, performs it, and
	// returns its index in cases. If several can proceed, one is chosen
	// (in a world, by the Chooser). If none can and a [DefaultCase] is
	// present, Select returns the default's index at once. Cases on a nil
	// channel never proceed. Select with no cases blocks forever. The
	// function [Select] is the same call, without the allocation that a
	// variadic call through an interface makes: prefer it on hot paths.
	Select(cases ...Case) int

	// Choose returns a number in [0, n) for a nondeterministic decision of
	// the caller's own (a network's latency, a scenario's next operation).
	// In a world it is drawn from the Chooser, so it is recorded, replayed
	// and shrunk with the schedule; label names the decision in the trace.
	// On the real kit it comes from the runtime's seeded generator. n must be
	// at least 1.
	Choose(label string, n int) int

	// Trace records an event of the caller's own (a packet delivered, a
	// fault injected) in a world's trace and its hash; obj is an object id
	// of the caller's choosing, detail a short description. The real kit
	// ignores it.
	Trace(obj int, detail string)

	// kit returns the implementation itself: the real kit or the world are
	// the only ones (the interface is sealed), and a struct that embeds a
	// Runtime, such as simtest's test handle, reaches it through this.
	kit() Runtime

	// Ownership, for Group.
	goOwned(name string, owner *scope, f func())
	currentScope() *scope
	leaveScope()
	joinCheck(sc *scope) *Failure
}

// Traces reports whether rt records the events given to Runtime.Trace:
// true for the Runtime of a world (Run's body and the goroutines it
// starts), false for the real kit, which ignores them. Code that builds a
// detail string for every event (fakenet, per message) asks it once and
// skips that work on the real kit.
func Traces(rt Runtime) bool {
	_, ok := rt.(*world)
	return ok
}

// Epoch is where a world's virtual clock starts: a fixed instant, so that
// times printed by a run are the same on every replay.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
