//go:build !amd64 && !arm64

package sim

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// stackGapMax is how far outside the stack addresses already seen on a
// goroutine a new one may lie and still widen the range: frames of one
// stack sit close together, while another goroutine's stack, or this
// one's after it was moved, usually lies farther away.
const stackGapMax = 4 << 10

// onHostByStack reports whether the caller runs on g's own native
// goroutine, where the goroutine's descriptor cannot be read (onHost in
// gptr_other.go). Only one world goroutine runs at a time,
// so that is the same as: the caller runs on some world goroutine's
// coroutine, whose outermost frames are the world's own (goroutine.body),
// where a goroutine started with a go statement has its own function
// outermost. Walking the stack costs about a microsecond, too much for
// every scheduling point; so it is made only when the caller's stack
// address lies outside the range already confirmed for g. Once a
// goroutine's usual depths are seen, the check is two comparisons. A
// goroutine whose stack was moved (grown, or shrunk by the GC) is confirmed
// again, and its range starts over.
func (g *goroutine) onHostByStack() bool {
	var here byte
	sp := uintptr(unsafe.Pointer(&here))
	if g.host.spLo != 0 && sp >= g.host.spLo && sp <= g.host.spHi {
		return true
	}
	if !onCoroutine() {
		return false
	}
	if g.host.spLo == 0 || sp+stackGapMax < g.host.spLo || sp > g.host.spHi+stackGapMax {
		g.host.spLo, g.host.spHi = sp, sp
	} else {
		g.host.spLo, g.host.spHi = min(g.host.spLo, sp), max(g.host.spHi, sp)
	}
	return true
}

// bodyEntry is the entry PC of goroutine.body, read once from a frame of
// it (markBody).
var bodyEntry atomic.Uintptr

// markBody records body's entry PC; body calls it first thing.
func markBody() {
	if bodyEntry.Load() != 0 {
		return
	}
	var pc [1]uintptr
	if runtime.Callers(2, pc[:]) != 1 { // 0 Callers, 1 markBody, 2 body
		return
	}
	if f := runtime.FuncForPC(pc[0] - 1); f != nil {
		bodyEntry.Store(f.Entry())
	}
}

// coroutineFramesMax bounds the frames onCoroutine looks through: a
// stack deeper than that is taken as a world goroutine's.
const coroutineFramesMax = 256

// onCoroutine reports whether the caller's stack has goroutine.body
// among its outermost frames.
func onCoroutine() bool {
	entry := bodyEntry.Load()
	if entry == 0 {
		return true // no world goroutine has started: nothing to compare with
	}
	var pcs [coroutineFramesMax]uintptr
	n := runtime.Callers(3, pcs[:])
	if n == len(pcs) {
		return true
	}
	for i := n - 1; i >= 0 && i >= n-8; i-- {
		if f := runtime.FuncForPC(pcs[i] - 1); f != nil && f.Entry() == entry {
			return true
		}
	}
	return false
}
