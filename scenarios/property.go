package scenarios

import (
	"fmt"

	"github.com/execsim/execsim/sim"
)

// Kind names a property that did not hold. The names are stable.
type Kind string

const (
	// Leak: a goroutine is still alive after the scenario ended and the
	// world settled (the world's own leak detector).
	Leak Kind = "leak"
	// NotJoined: a goroutine that a component started (directly or not)
	// was still running when the component's Shutdown returned, even if
	// it would have ended later on its own (sim.Group.Joined).
	NotJoined Kind = "not-joined"
	// Panic: any goroutine panicked (send on a closed channel included).
	Panic Kind = "panic"
	// Hang: a shutdown or a block did not finish within its deadline, or
	// the world deadlocked or ran out of its step or time budget.
	Hang Kind = "hang"
	// Lost: a submitted block got no outcome, or more than one.
	Lost Kind = "lost"
	// WrongResult: a sharded result differs from sequential execution.
	WrongResult Kind = "wrong-result"
	// Restart: a service could not start again on its address after
	// shutting down.
	Restart Kind = "restart"
	// Duplicate: a shard executed the same block twice.
	Duplicate Kind = "duplicate"
	// Unaccounted: a command a shard accepted did not get exactly one
	// result (sent, or counted lost), or a message a controller accepted
	// for sending ended neither sent, failed nor dropped-and-counted.
	Unaccounted Kind = "unaccounted"
	// NoRecovery: after every fault healed and every service was back, the
	// cluster did not go idle, or its next block did not succeed with the
	// sequential result (the liveness phase).
	NoRecovery Kind = "no-recovery"
	// Harness: the scenario itself could not run (not a property of the
	// system under test).
	Harness Kind = "harness"
)

// Kinds lists the property kinds, for -list and documentation.
func Kinds() []Kind {
	return []Kind{NotJoined, Leak, Panic, Hang, Lost, WrongResult, Restart, Duplicate, Unaccounted, NoRecovery}
}

// Failure is a property that did not hold in one run.
type Failure struct {
	Kind      Kind   `json:"kind"`
	Goroutine string `json:"goroutine,omitempty"`
	Message   string `json:"message"`
	// Report is the long form: the world's report (stacks of the waiting
	// goroutines, the trace tail) or the property's details.
	Report string `json:"-"`
}

func (f *Failure) Error() string {
	if f.Goroutine != "" {
		return fmt.Sprintf("%s in %s: %s", f.Kind, f.Goroutine, f.Message)
	}
	return fmt.Sprintf("%s: %s", f.Kind, f.Message)
}

// fromWorld maps a world's failure to the property it breaks.
func fromWorld(f *sim.Failure) *Failure {
	k := Harness
	switch f.Kind {
	case sim.KindLeak:
		k = Leak
	case sim.KindPanic:
		k = Panic
	case sim.KindDeadlock, sim.KindSteps, sim.KindTime, sim.KindBlocked:
		k = Hang
	}
	return &Failure{Kind: k, Goroutine: f.Goroutine.Name, Message: string(f.Kind) + ": " + f.Message, Report: f.Report()}
}
