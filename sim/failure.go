package sim

import (
	"fmt"
	"strings"
	"time"
)

// Kind names a class of failure. The names are stable: scripts and
// expectation files match on them.
type Kind string

const (
	// KindPanic: a goroutine panicked (send on a closed channel, close of a
	// closed or nil channel, unlock of an unlocked mutex, any explicit
	// panic). The world stops at the first one, as a Go program would.
	KindPanic Kind = "panic"
	// KindDeadlock: the body has not returned, nothing is runnable and no
	// timer is pending.
	KindDeadlock Kind = "deadlock"
	// KindLeak: the body returned, the world ran until nothing could move
	// (or Options.Settle passed), and goroutines are still alive.
	KindLeak Kind = "leak"
	// KindSteps: Options.StepsMax scheduling points were used up.
	KindSteps Kind = "steps"
	// KindTime: the next timer lies beyond Options.VirtualTimeMax.
	KindTime Kind = "time"
	// KindBlocked: the watchdog found a goroutine stuck outside the kit.
	KindBlocked Kind = "blocked"
	// KindGoexit was the failure of a world goroutine that called
	// runtime.Goexit.
	//
	// Deprecated: a Goexit ends its goroutine as in Go, after its deferred
	// calls, and the run goes on; no failure has this kind.
	KindGoexit Kind = "goexit"
	// KindChooser: the Chooser answered out of range.
	KindChooser Kind = "chooser"
	// KindNotJoined: a goroutine that a Group owns (started by one of its
	// members, directly or not) was still running when the group was to
	// be joined (Group.Joined): a Shutdown that returned with work it
	// started still going. Unlike a leak it is found at the moment that
	// matters, even if the goroutine ends later on its own.
	KindNotJoined Kind = "not-joined"
	// KindUnreachable: a goroutine reached an operation the world cannot
	// schedule (network I/O, a blocking system call, cgo: package plain's
	// Foreign); the run stops there rather than stalling until the
	// watchdog fires. Also: a goroutine the world did not start operated
	// on a value the world holds (sim.CurrentFor). The message names the
	// call and its line.
	KindUnreachable Kind = "unreachable"
	// KindOptions: the Options given to Run failed Options.Validate (a
	// negative bound); nothing ran, and the message names the field.
	KindOptions Kind = "options"
)

// GoroutineInfo identifies a goroutine of a world.
type GoroutineInfo struct {
	ID        int    // in creation order, from 1 ("main", the body)
	Name      string // as given to Runtime.Go
	SpawnSite string // file:line of the Runtime.Go call
}

func (g GoroutineInfo) String() string {
	return fmt.Sprintf("goroutine %d %q (started at %s)", g.ID, g.Name, g.SpawnSite)
}

// Waiting is a goroutine that a deadlock or leak left blocked.
type Waiting struct {
	Goroutine GoroutineInfo
	On        string // what it blocks on: "chan receive on chan #4 (since 1s)"
	Stack     string // its stack where it blocked
}

// Failure is what went wrong in a run of a world. It is an error.
type Failure struct {
	Kind      Kind
	Goroutine GoroutineInfo // the goroutine at fault; for a leak or deadlock, the first one waiting
	Message   string
	Value     any    // KindPanic: the value passed to panic
	Stack     string // KindPanic and KindBlocked: the goroutine's stack
	Waiting   []Waiting
	Step      int64
	Time      time.Duration // virtual time since Epoch
	Seed      uint64
	Tail      []Event // the last events before the failure
}

func (f *Failure) Error() string {
	if f.Kind == KindOptions { // no goroutine, step or time to speak of
		return f.Message
	}
	at := fmt.Sprintf(" at step %d, +%v", f.Step, f.Time)
	if f.Kind == KindBlocked {
		// Found by the watchdog, which cannot read the stuck world's step
		// or clock: say nothing rather than step 0.
		at = ""
	}
	if f.Goroutine.ID == 0 { // found by the world itself, between goroutines
		return fmt.Sprintf("sim: %s%s: %s", f.Kind, at, f.Message)
	}
	return fmt.Sprintf("sim: %s in %s%s: %s", f.Kind, f.Goroutine, at, f.Message)
}

// Is makes errors.Is(f, ErrNotJoined) hold for a KindNotJoined failure.
func (f *Failure) Is(target error) bool { return target == ErrNotJoined && f.Kind == KindNotJoined }

// Report is the whole story of the failure, for a person: the verdict,
// every goroutine left waiting with its stack, and the tail of the trace.
func (f *Failure) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", f.Error())
	if f.Stack != "" {
		fmt.Fprintf(&b, "\n%s\n", indent(f.Stack))
	}
	for _, wt := range f.Waiting {
		verb := "blocked in "
		if strings.HasPrefix(wt.On, "runnable") {
			verb = ""
		}
		fmt.Fprintf(&b, "\n%s\n    %s%s\n", wt.Goroutine, verb, wt.On)
		if wt.Stack != "" {
			fmt.Fprintf(&b, "%s\n", indent(wt.Stack))
		}
	}
	if len(f.Tail) > 0 {
		fmt.Fprintf(&b, "\nlast %d events:\n", len(f.Tail))
		for _, e := range f.Tail {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	return b.String()
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
