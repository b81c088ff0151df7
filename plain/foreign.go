package plain

import (
	"fmt"
	"runtime"

	"github.com/execsim/execsim/sim"
)

// Foreign marks a call the world cannot schedule: network I/O of the
// standard library, a blocking system call, cgo. The rewriter turns
// net.Dial(a, b) into Foreign(net.Dial, "net.Dial")(a, b). Outside a world
// it returns f; in a world, the run fails at once (sim.KindUnreachable)
// with a report that names the call and its line, instead of stalling
// until a watchdog fires.
func Foreign[F any](f F, what string) F {
	if rt := sim.Current(); rt != nil {
		at := "?"
		if _, file, line, ok := runtime.Caller(1); ok {
			at = fmt.Sprintf("%s:%d", file, line)
		}
		sim.Unreachable(rt, fmt.Sprintf("%s at %s: the world cannot schedule this call (I/O, a system call or cgo outside the simulation); replace it with a simulated one (package fakenet) or keep it out of the tested code", what, at))
	}
	return f
}
