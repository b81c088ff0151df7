package sim

import "time"

// Result is what a run of a world produced.
type Result struct {
	// Failure is nil when the run ended with every goroutine finished and no
	// panic; otherwise it says what went wrong, where and when.
	Failure *Failure
	// Steps is the number of scheduling points the run took.
	Steps int64
	// Elapsed is the virtual time the run took.
	Elapsed time.Duration
	// Hash is the running 64-bit hash of every trace event: two runs with
	// the same hash took the same path.
	Hash uint64
	// Trace is every event when Options.KeepTrace is set, else the last
	// Options.TraceTail ones.
	Trace   []Event
	choices choiceLog
	// Goroutines describes every goroutine the run started, by id (index
	// id-1).
	Goroutines []GoroutineInfo
}

// Schedule returns every decision the Chooser made, in order: give it to
// NewReplay to run the same path again.
func (r *Result) Schedule() []Choice { return r.choices.all() }

// Err returns the Failure as an error, or nil.
func (r *Result) Err() error {
	if r.Failure == nil {
		return nil
	}
	return r.Failure
}
