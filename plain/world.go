package plain

import (
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/execsim/execsim/sim"
)

// How a plain call finds its world: sim.CurrentFor with the value the
// call operates on, so that a goroutine no world started, touching a value
// a world holds, fails that world (see sim.CurrentFor) instead of
// corrupting it. With no world running that is one atomic load.

// A directional channel has the representation of the channel it views:
// the world keys a channel's state on the bidirectional value, whichever
// direction the call was given.

func bidiRecv[T any](ch <-chan T) chan T { return *(*chan T)(unsafe.Pointer(&ch)) }
func bidiSend[T any](ch chan<- T) chan T { return *(*chan T)(unsafe.Pointer(&ch)) }

// plainError is a runtime-style panic value, so that a world's panics read
// like Go's own ("close of nil channel").
type plainError string

func (e plainError) Error() string { return string(e) }

// blockForever is an operation on a nil channel: it parks the goroutine
// for good, which the world reports as a deadlock or leak.
func blockForever(rt sim.Runtime) {
	rt.Select()
}

// creators caches the name of the function at each go statement's pc.
var creators sync.Map // uintptr → string

// creator names the function that called the plain function calling it:
// the function holding the go statement, as Go's "created by" does.
func creator() string {
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return "go"
	}
	if n, ok := creators.Load(pc); ok {
		return n.(string)
	}
	name := "go"
	if fn := runtime.FuncForPC(pc); fn != nil {
		name = fn.Name()
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
	}
	creators.Store(pc, name)
	return name
}
