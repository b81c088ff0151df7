//go:build amd64 || arm64

package sim

// gptr returns the address of the calling goroutine's runtime descriptor:
// an identity for the goroutine while it lives, read in a few
// nanoseconds where runtime.Stack takes a microsecond. The runtime reuses
// descriptors of goroutines that ended, so the registry that maps them to
// world goroutines (current.go) drops an entry when its goroutine ends.
func gptr() uintptr
