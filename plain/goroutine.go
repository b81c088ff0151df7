package plain

import (
	"runtime"

	"github.com/execsim/execsim/sim"
)

// Go is a go statement: the rewriter evaluates the function value and its
// arguments at the statement, as Go does, and passes a closure over them.
// In a world the goroutine is a world goroutine named after the function
// holding the statement, its spawn site the statement's line.
func Go(f func()) {
	if rt := sim.Current(); rt != nil {
		rt.Go(creator(), f)
		return
	}
	go f()
}

// Gosched is runtime.Gosched(); in a world, a scheduling point.
func Gosched() {
	if rt := sim.Current(); rt != nil {
		rt.Yield()
		return
	}
	runtime.Gosched()
}

// NumGoroutine is runtime.NumGoroutine(); in a world, the number of the
// world's goroutines that have not ended.
func NumGoroutine() int {
	if rt := sim.Current(); rt != nil {
		return sim.NumGoroutine(rt)
	}
	return runtime.NumGoroutine()
}
