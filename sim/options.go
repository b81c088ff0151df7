package sim

import "time"

// Options configure one run of a world. Numeric fields left zero take the
// default their comment gives; every bound exists, so a run always ends.
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
	// Watchdog is the wall-clock time a goroutine may run without reaching
	// a kit operation before the run ends with a KindBlocked failure: such a
	// goroutine is blocked outside the kit (a raw channel, a sync.Mutex, I/O)
	// and the world cannot schedule around it. Default 30s; negative turns
	// the watchdog off.
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
}

func (o *Options) fill() {
	if o.Chooser == nil {
		o.Chooser = NewRandom(o.Seed)
	}
	if o.StepsMax <= 0 {
		o.StepsMax = 1_000_000
	}
	if o.VirtualTimeMax <= 0 {
		o.VirtualTimeMax = 24 * time.Hour
	}
	if o.Settle <= 0 {
		o.Settle = time.Minute
	}
	if o.TraceTail <= 0 {
		o.TraceTail = 32
	}
	if o.Watchdog == 0 {
		o.Watchdog = 30 * time.Second
	}
}
