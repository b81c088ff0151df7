package simrun

import (
	"fmt"
	"runtime/debug"
)

// internalError is a panic inside simrun (or the code it runs, outside a
// world: a panic inside a world is the world's failure verdict). It exits
// with its own status, exitInternal, so that a script tells a crash from a
// typo (2) and from a failed property (1).
type internalError struct {
	value any
	stack []byte
}

func (e *internalError) Error() string {
	return fmt.Sprintf("simrun: internal error: panic: %v (a bug in simrun or execsim: please report it with the command and this output)", e.value)
}

// recovered turns a recovered panic value into an internalError with the
// stack of the goroutine that panicked; call it in the deferred function.
func recovered(p any) *internalError {
	return &internalError{value: p, stack: debug.Stack()}
}
