// Package oldsync requires an older golang.org/x/sync than execsim does:
// its build under execsim test uses execsim's, and a -rewrite of one of
// x/sync's packages must rewrite that version's files.
package oldsync

import (
	"context"

	"golang.org/x/sync/semaphore"
)

// Both runs f and g at once, at most one holding the semaphore at a time,
// and returns when both are done.
func Both(f, g func()) {
	sem := semaphore.NewWeighted(1)
	done := make(chan struct{})
	for _, h := range []func(){f, g} {
		go func() {
			defer func() { done <- struct{}{} }()
			if err := sem.Acquire(context.Background(), 1); err != nil {
				panic(err)
			}
			defer sem.Release(1)
			h()
		}()
	}
	<-done
	<-done
}
