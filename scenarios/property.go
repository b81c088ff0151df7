package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/execsim/execsim/executor"
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

// The decisions: each property's check, next to its name. Each takes what
// the harness observed and returns the failure, or nil; the Cluster's
// lifecycle methods gather the observations and record what these return
// (Env.check).

// notJoined decides not-joined: err is a component's Joined() right
// after its Shutdown returned.
func notJoined(what string, err error) *Failure {
	if err == nil {
		return nil
	}
	f := &Failure{Kind: NotJoined, Message: what + ": after Shutdown returned: " + err.Error()}
	var wf *sim.Failure
	if errors.As(err, &wf) {
		f.Goroutine, f.Message, f.Report = wf.Goroutine.Name, what+": after Shutdown returned: "+wf.Message, wf.Report()
	}
	return f
}

// commandsUnaccounted decides unaccounted for a shard's commands once its
// Shutdown has returned: every command accepted got one result, sent or
// counted lost.
func commandsUnaccounted(what string, st executor.LoopStats) *Failure {
	if st.Idle() {
		return nil
	}
	return &Failure{Kind: Unaccounted, Message: fmt.Sprintf("%s: after Shutdown: %d command(s) accepted, %d result(s) sent and %d counted lost", what, st.Commands, st.ResultsSent, st.ResultsLost)}
}

// messagesUnaccounted decides unaccounted for a controller's messages once
// its Shutdown has returned: every message Outbound.Send accepted was
// sent, given up on or dropped and counted.
func messagesUnaccounted(what string, st executor.ControllerStats) *Failure {
	if st.InFlight() == 0 {
		return nil
	}
	return &Failure{Kind: Unaccounted, Message: fmt.Sprintf("%s: %d accepted message(s) neither sent, failed nor dropped after Shutdown returned (accepted %d, sent %d, failed %d, dropped %d)",
		what, st.InFlight(), st.Accepted, st.Sent, st.SendFailures, st.OutboundDropped)}
}

// executedTwice decides duplicate: twice says the shard service had
// already reported executing block.
func executedTwice(twice bool, shard int, block uint64) *Failure {
	if !twice {
		return nil
	}
	return &Failure{Kind: Duplicate, Message: fmt.Sprintf("shard %d executed block %d twice", shard, block)}
}

// outcomesNotOne decides lost at the end of a run: every submitted block
// got exactly one outcome.
func outcomesNotOne(t *Ticket) *Failure {
	if t.outcomes == 1 {
		return nil
	}
	return &Failure{Kind: Lost, Message: fmt.Sprintf("block %d got %d outcomes, want exactly 1", t.ID, t.outcomes)}
}

// notRecovered decides no-recovery for a block on a healthy (or healed)
// cluster: it must have succeeded.
func notRecovered(t *Ticket, where string) *Failure {
	if t.outcomes != 1 || t.Err == nil {
		return nil
	}
	return &Failure{Kind: NoRecovery, Message: fmt.Sprintf("block %d on %s failed: %v", t.ID, where, t.Err)}
}

// wrongResult decides wrong-result: the sharded outputs equal sequential
// execution.
func wrongResult(id int, got, want []executor.TxnOutput) *Failure {
	if reflect.DeepEqual(got, want) {
		return nil
	}
	return &Failure{Kind: WrongResult, Message: fmt.Sprintf("block %d: sharded outputs %v, sequential %v", id, got, want)}
}

// shutdownTooSlow decides hang for one Shutdown: it took at most bound.
func shutdownTooSlow(what string, took, bound time.Duration) *Failure {
	if took <= bound {
		return nil
	}
	return &Failure{Kind: Hang, Message: fmt.Sprintf("%s shutdown took %v, bound %v", what, took, bound)}
}
