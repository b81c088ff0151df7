//go:build !amd64 && !arm64

package sim

// host names a native goroutine by its id, read from runtime.Stack when
// the goroutine starts: correct, and about a microsecond slower than the
// descriptor read of amd64 and arm64 (gptr_asm.go).
type host struct {
	id uint64
	// spLo and spHi bound the stack addresses seen on the goroutine
	// (onHostByStack, world_host_stack.go).
	spLo, spHi uintptr
}

func hostOf() host          { return host{id: hostGoroutineID()} }
func (h host) key() uintptr { return uintptr(h.id) }
func (h host) goid() uint64 { return h.id }

func hostKey() uintptr { return uintptr(hostGoroutineID()) }

// onHost reports whether the caller runs on g's own native goroutine; with
// no descriptor to compare, by its stack (world_host.go).
func (g *goroutine) onHost() bool { return g.onHostByStack() }
