//go:build !amd64 && !arm64

package sim

import (
	"runtime"
	"unsafe"
)

// getfp has no frame pointer to give where the frame layout is not
// amd64's or arm64's; callerStack then unwinds with runtime.Callers.
func getfp() unsafe.Pointer { return nil }

// callerStack is runtime.Callers(2, at[:]) for the function that calls it.
//
//go:noinline
func callerStack(unsafe.Pointer) (at spawnStack) {
	runtime.Callers(3, at[:]) // 0 Callers, 1 callerStack, 2 its caller
	return at
}
