//go:build amd64 || arm64

package sim

import (
	"runtime"
	"sync"
	"unsafe"
)

// getg returns the calling goroutine's runtime descriptor: an identity for
// the goroutine while it lives, read in a few nanoseconds where
// runtime.Stack takes a microsecond. The runtime reuses descriptors of
// goroutines that ended, so whatever maps them (current.go) drops an entry
// when its goroutine ends.
func getg() unsafe.Pointer

// hostOf is the native goroutine the caller runs on.
func hostOf() host {
	h := host{g: getg()}
	if goidOffset() < 0 {
		h.id = hostGoroutineID()
	}
	return h
}

// host names a native goroutine: its descriptor, and the goroutine id that
// stack dumps show, read from the descriptor only when a report needs it.
type host struct {
	g  unsafe.Pointer
	id uint64 // set at once only where goidOffset found no offset
}

func (h host) key() uintptr { return uintptr(h.g) }

// goid is the id that runtime.Stack prints for h's goroutine. h's
// goroutine must be alive (a parked world goroutine is).
func (h host) goid() uint64 {
	if off := goidOffset(); off >= 0 && h.g != nil {
		return *(*uint64)(unsafe.Add(h.g, off))
	}
	return h.id
}

// goidScan is how far into a descriptor goidOffset looks; the runtime's
// goroutine descriptor is larger, and its id field lies well inside.
const goidScan = 256

// goidOffset finds where in a goroutine's descriptor the runtime keeps its
// id, so that reports can name a goroutine's stack without reading it with
// runtime.Stack when the goroutine starts (a tenth of a run, issue 19). The
// layout is the runtime's own and changes between Go versions, so it is
// found, not assumed: the offset at which three goroutines' descriptors all
// hold their own id (from runtime.Stack). -1 if there is none; then ids
// are read at start, as before.
var goidOffset = sync.OnceValue(func() int {
	const probes = 3
	var cands [probes]map[int]bool
	var wg sync.WaitGroup
	for i := range probes {
		wg.Add(1)
		go func() { //simvet:allow probing the runtime's layout from goroutines of our own
			defer wg.Done()
			id, g := hostGoroutineID(), getg()
			cands[i] = map[int]bool{}
			for off := 0; off+8 <= goidScan; off += 8 {
				if *(*uint64)(unsafe.Add(g, off)) == id {
					cands[i][off] = true
				}
			}
			runtime.KeepAlive(g)
		}()
		wg.Wait() // one at a time: each must be alive while it reads itself
	}
	found := -1
	for off := range cands[0] {
		if cands[1][off] && cands[2][off] {
			if found >= 0 {
				return -1 // ambiguous
			}
			found = off
		}
	}
	return found
})

// onHost reports whether the caller runs on g's own native goroutine: the
// descriptor the goroutine's coroutine started on. Walking the stack to
// tell (onHostByStack) was 45% of a start-shutdown run's CPU, because
// every goroutine's first points, and every moved stack, walked it.
func (g *goroutine) onHost() bool { return getg() == g.host.g }

// markBody is needed only where the stack tells a world goroutine
// (world_host_stack.go).
func markBody() {}

// hostKey is hostOf().key() without the rest, for Current's hot path.
func hostKey() uintptr { return uintptr(getg()) }
