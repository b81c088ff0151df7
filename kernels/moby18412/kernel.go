// Package moby18412 re-expresses GoKer's moby#18412 (non-blocking, order
// violation): running a command with a timeout waits for it in a goroutine
// that writes the exit code into the caller's variables and then reports on
// an unbuffered channel. When the timeout wins, the caller returns, the
// goroutine's write races the caller's reads, and its send blocks forever:
// a leaked goroutine per timed-out command. The fix hands the exit code over
// a buffered channel, so the goroutine never blocks and writes nothing
// shared.
package moby18412

import "time"

// Result is what a run reports.
type Result struct {
	ExitCode int
	TimedOut bool
}

// RunWithTimeout runs work, giving up after d.
func RunWithTimeout(work func() int, d time.Duration, fixed bool) *Result {
	res := &Result{}
	if fixed {
		done := make(chan int, 1)
		go func() { done <- work() }()
		select {
		case <-time.After(d):
			res.TimedOut = true
		case code := <-done:
			res.ExitCode = code
		}
		return res
	}
	done := make(chan struct{})
	go func() {
		code := work()
		res.ExitCode = code
		done <- struct{}{}
	}()
	select {
	case <-time.After(d):
		res.TimedOut = true
	case <-done:
	}
	return res
}
