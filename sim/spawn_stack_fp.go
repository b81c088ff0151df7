//go:build amd64 || arm64

package sim

import "unsafe"

// getfp returns its caller's frame pointer: on amd64 and arm64 every Go
// function with a frame saves its caller's frame pointer at the address it
// points to, and its own return address one word above.
func getfp() unsafe.Pointer

// callerStack is runtime.Callers(2, at[:]) for the function that calls it
// as callerStack(getfp()): the return addresses of the frames above that
// function, read by following the frame pointers. runtime.Callers unwinds
// with the PC tables, which was about a twentieth of a scenario run
// (issue 19: it runs at every spawn); runtime.CallersFrames expands
// inlined calls from these addresses just as from Callers'.
// TestCallerStack holds it to runtime.Callers. The caller must not be
// inlined (its frame would be its caller's) and must have a frame: the
// kit's spawn functions keep their spawnStack in a local.
//
//go:nosplit
func callerStack(fp unsafe.Pointer) (at spawnStack) {
	for i := 0; i < len(at) && fp != nil; i++ {
		at[i] = *(*uintptr)(unsafe.Add(fp, unsafe.Sizeof(uintptr(0))))
		fp = *(*unsafe.Pointer)(fp)
	}
	return at
}
