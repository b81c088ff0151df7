package sim

import "unsafe"

// The check that a kit call comes from the world goroutine the world
// thinks is running, and not from a goroutine started with a go
// statement: such a goroutine would otherwise act as whichever world
// goroutine is current.

// rawGoroutinePanic is what a kit call from a goroutine the world did not
// start panics with.
const rawGoroutinePanic = "sim: kit operation from a goroutine the world did not start (a go statement?): call the Runtime only from Run's body and the goroutines it starts with Runtime.Go"

// stackGapMax is how far outside the stack addresses already seen on a
// goroutine a new one may lie and still widen the range: frames of one
// stack sit close together, while another goroutine's stack, or this
// one's after it was moved, usually lies farther away.
const stackGapMax = 4 << 10

// onHost reports whether the caller runs on g's own native goroutine.
// Comparing goroutine ids costs a runtime.Stack call, microseconds, too
// much for every scheduling point; so it is made only when the caller's
// stack address lies outside the range already confirmed for g. Once a
// goroutine's usual depths are seen, the check is two comparisons. A
// goroutine whose stack was moved (grown, or shrunk by the GC) is
// confirmed again by its id, and its range starts over.
func (g *goroutine) onHost() bool {
	var here byte
	sp := uintptr(unsafe.Pointer(&here))
	if g.spLo != 0 && sp >= g.spLo && sp <= g.spHi {
		return true
	}
	if hostGoroutineID() != g.hostID {
		return false
	}
	if g.spLo == 0 || sp+stackGapMax < g.spLo || sp > g.spHi+stackGapMax {
		g.spLo, g.spHi = sp, sp
	} else {
		g.spLo, g.spHi = min(g.spLo, sp), max(g.spHi, sp)
	}
	return true
}
