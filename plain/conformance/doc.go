// Package conformance is a suite of small plain Go programs, each returning
// a transcript of every outcome the Go specification and the standard
// library determine: received values and ok flags, the order of a buffered
// channel, the messages of the panics Go defines, which select case can be
// chosen, timer and context results. Where Go leaves a choice open (which
// of two ready cases, the order in which goroutines finish, map iteration
// order) a program records a canonical form instead: a sorted list, a set, a
// count, or a property ("each key once").
//
// The programs use only the language and the standard library (go, chan,
// select, sync, sync/atomic, time, context, maps), never execsim, because
// they are what execsim's rewriter is run on: the same program run natively
// and rewritten into a world must give the same transcript. TestPrograms
// writes the native transcripts with -conformance.write=F and compares a run
// with them with -conformance.want=F.
//
// The programs call sync, time and context methods directly, never through
// method values (f := wg.Done): the rewriter leaves a method value as it is
// (it reports it), so a program using one would compare a native call with
// world calls.
//
// # Left out
//
// Unlocking an unlocked sync.Mutex or sync.RWMutex is a fatal error in Go
// (runtime.fatal, not a panic): no program can recover it into a
// transcript, so the suite does not cover it.
package conformance
