package plain

import "runtime"

// Go is a go statement: the rewriter evaluates the function value and its
// arguments at the statement, as Go does, and passes a closure over them.
func Go(f func()) { go f() }

// Gosched is runtime.Gosched().
func Gosched() { runtime.Gosched() }

// NumGoroutine is runtime.NumGoroutine(); in a world, the number of the
// world's goroutines that have not ended.
func NumGoroutine() int { return runtime.NumGoroutine() }
