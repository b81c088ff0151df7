package sim

import (
	"fmt"
	"time"
)

// Options configure one run of a world. Numeric fields left zero take the
// default their comment gives; every bound exists, so a run always ends.
// A negative bound is an error ([Options.Validate]), not a default: Run
// reports it as a KindOptions failure and runs nothing.
type Options struct {
	// Seed seeds the default Chooser (a random walk) and is carried into
	// reports. Two runs with the same Options and body are identical.
	Seed uint64
	// Chooser makes every nondeterministic decision. Nil means
	// NewRandom(Seed).
	Chooser Chooser
	// StepsMax bounds the number of scheduling points; reaching it is a
	// KindSteps failure (livelock, or a run far longer than intended).
	// Default 1,000,000.
	StepsMax int64
	// VirtualTimeMax bounds the virtual clock, measured from Epoch; a timer
	// beyond it is a KindTime failure (a hang that keeps timers ticking).
	// Default 24h.
	VirtualTimeMax time.Duration
	// Settle is the virtual time the world keeps running after the body
	// returns, so that goroutines still shutting down can finish; any
	// goroutine alive after it has leaked. Default 1 minute.
	Settle time.Duration
	// TraceTail is how many of the last events a failure carries.
	// Default 32.
	TraceTail int
	// KeepTrace keeps every event in Result.Trace, for export. Without it
	// the trace is only hashed, and Result.Trace holds the tail.
	KeepTrace bool
	// CallerPCs records in every event of the trace the program counter of
	// the kit call that made it (Event.PC, Event.Caller), so that a report
	// can point at source lines: the first events at which two runs
	// differ, for a determinism check. It costs a stack walk per event, so
	// it is off by default.
	CallerPCs bool
	// Watchdog is the wall-clock time a goroutine may run without reaching
	// a kit operation before the run ends with a KindBlocked failure: such a
	// goroutine is blocked outside the kit (a raw channel, a sync.Mutex, I/O)
	// and the world cannot schedule around it. Default 30s; negative turns
	// the watchdog off. A goroutine parked natively on a channel or lock
	// (which no world goroutine can release while it waits) is reported
	// after a sixth of it.
	Watchdog time.Duration
	// TimerHorizon lets timers fire while code is running, not only when
	// the world is quiescent: at every scheduling point where the earliest
	// pending timer is due within TimerHorizon of now, the Chooser is asked
	// a TimeDecision, whose answer 1 moves the clock to that timer and
	// fires it (and every timer due at that instant) before the operation
	// takes effect. It models computation that takes time: a deadline can
	// pass, and a message whose latency is shorter than the horizon can
	// arrive, between any two steps of a goroutine. Time still never moves
	// backwards, and a fired timer only makes goroutines runnable. Any
	// positive value includes the timers already due (a zero-latency
	// delivery, a Reset(0)); keep it below the timeouts of the code under
	// test unless early timeouts are what you test. Zero or negative: off,
	// the clock moves only when no goroutine is runnable.
	TimerHorizon time.Duration
	// NowTick is the virtual time a read of the clock takes: each Now
	// returns the clock and then moves it forward by NowTick. On a real
	// clock two reads never give the same instant, and code relies on it
	// (a last-used time that must grow, an elapsed time that must be
	// above zero, a loop that polls the clock until a deadline passes);
	// on a clock that moves only when the world is idle they would all
	// read one instant. A timer the tick carries the clock past fires at
	// the next point that asks (TimerHorizon) or when the world is idle.
	// Zero: off, reads take no time. Negative is an error.
	NowTick time.Duration
	// Coroutines, if set, is where the world takes the native goroutines
	// it runs its goroutines on, and where it leaves them parked when it
	// ends, for the next world with the same pool. Nil: the world starts
	// its own and stops them all before Run returns. See CoroutinePool.
	Coroutines *CoroutinePool
}

// Validate reports the first bound of o that no run can use, naming the
// field: a negative StepsMax, VirtualTimeMax, Settle or TraceTail. Zero
// means the default, and a negative Watchdog or TimerHorizon means off, so
// those are valid. Run calls it; callers that build Options from flags or
// files can call it first to reject bad input before any run.
func (o Options) Validate() error {
	switch {
	case o.StepsMax < 0:
		return fmt.Errorf("sim: Options.StepsMax is %d: it must be positive, or 0 for the default %d", o.StepsMax, stepsMaxDefault)
	case o.VirtualTimeMax < 0:
		return fmt.Errorf("sim: Options.VirtualTimeMax is %v: it must be positive, or 0 for the default %v", o.VirtualTimeMax, virtualTimeMaxDefault)
	case o.Settle < 0:
		return fmt.Errorf("sim: Options.Settle is %v: it must be positive, or 0 for the default %v", o.Settle, settleDefault)
	case o.TraceTail < 0:
		return fmt.Errorf("sim: Options.TraceTail is %d: it must be positive, or 0 for the default %d", o.TraceTail, traceTailDefault)
	case o.NowTick < 0:
		return fmt.Errorf("sim: Options.NowTick is %v: it must be positive, or 0 for reads that take no time", o.NowTick)
	case o.NowTick > nowTickMax:
		return fmt.Errorf("sim: Options.NowTick is %v: it must be at most %v, a read of the clock that takes longer is not a read", o.NowTick, nowTickMax)
	}
	return nil
}

const (
	stepsMaxDefault       = 1_000_000
	virtualTimeMaxDefault = 24 * time.Hour
	settleDefault         = time.Minute
	traceTailDefault      = 32
	watchdogDefault       = 30 * time.Second
	nowTickMax            = time.Millisecond
)

// fill gives the zero fields of valid Options their defaults.
func (o *Options) fill() {
	if o.Chooser == nil {
		o.Chooser = NewRandom(o.Seed)
	}
	if o.StepsMax == 0 {
		o.StepsMax = stepsMaxDefault
	}
	if o.VirtualTimeMax == 0 {
		o.VirtualTimeMax = virtualTimeMaxDefault
	}
	if o.Settle == 0 {
		o.Settle = settleDefault
	}
	if o.TraceTail == 0 {
		o.TraceTail = traceTailDefault
	}
	if o.Watchdog == 0 {
		o.Watchdog = watchdogDefault
	}
}
