package plain

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/execsim/execsim/sim"
)

// A sync.Once is the process's, not the world's. Code runs a package-level
// Once to set up process-wide state (register a group in a global map, a
// metric, a flag), and the seeds of a test run one after another in one
// process, as go test -count=N runs the test: a Once done at package init,
// or by an earlier world, is done in every later world, so that its action
// is not run a second time against the state it already set up (a
// "duplicate registration" panic that never happens natively).
//
// One exception: an action that started goroutines or made timers in its
// world (a lazily started worker, a janitor's ticker) left them in that
// world only, and they die with it. Such a Once stays the world's own, and
// the next world runs the action again, as it must to have the worker.

// onceInWorld is OnceDo in the world of rt.
func onceInWorld(rt sim.Runtime, o *sync.Once, f func()) {
	wo := sim.Local(rt, o, rt.NewOnce)
	if onceDone(o) {
		wo.Do(func() {}) // done before this world: a scheduling point, no action
		return
	}
	wo.Do(func() {
		made := sim.Made(rt)
		defer func() {
			// As a Once does, a panicking action counts as done.
			if sim.Made(rt) == made {
				o.Do(func() {}) // done for the process: later worlds skip f
			}
		}()
		f()
	})
}

// onceDoneAt is the offset in a sync.Once of its done flag's uint32 (the
// flag is an atomic.Bool), found by name so that a change of the layout
// fails this lookup rather than reading another field; -1 if not found,
// and then a Once done outside a world is not seen as done in it.
var onceDoneAt = func() uintptr {
	done, ok := reflect.TypeFor[sync.Once]().FieldByName("done")
	if !ok || done.Type.Kind() != reflect.Struct {
		return ^uintptr(0)
	}
	v, ok := done.Type.FieldByName("v")
	if !ok || v.Type.Kind() != reflect.Uint32 {
		return ^uintptr(0)
	}
	return done.Offset + v.Offset
}()

// onceDone reports whether o's action has been done natively (or marked
// done by an earlier world), reading its flag as sync.Once's own fast
// path does, atomically.
func onceDone(o *sync.Once) bool {
	if onceDoneAt == ^uintptr(0) {
		return false
	}
	return atomic.LoadUint32((*uint32)(unsafe.Add(unsafe.Pointer(o), onceDoneAt))) != 0
}
