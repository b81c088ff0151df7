package sim

// The check that a kit call comes from the world goroutine the world
// thinks is running, and not from a goroutine started with a go
// statement: such a goroutine would otherwise act as whichever world
// goroutine is current. On amd64 and arm64 the caller's runtime
// descriptor tells (onHost in gptr_asm.go); elsewhere its stack does
// (world_host_stack.go).

// rawGoroutinePanic is what a kit call from a goroutine the world did not
// start panics with.
const rawGoroutinePanic = "sim: kit operation from a goroutine the world did not start (a go statement?): call the Runtime only from Run's body and the goroutines it starts with Runtime.Go"
