//go:build !amd64 && !arm64

package sim

// gptr returns an identity for the calling goroutine. On architectures
// without the assembly version it is the goroutine id, read from
// runtime.Stack: correct, and about a microsecond slower.
func gptr() uintptr { return uintptr(hostGoroutineID()) }
