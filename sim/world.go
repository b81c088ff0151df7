package sim

import (
	"sync"
	"sync/atomic"
	"time"
)

// world is the deterministic runtime: it implements [Runtime] and exists for
// the length of one [Run]. Its methods must be called only from the body
// and the goroutines it starts.
type world struct {
	opts    Options
	chooser Chooser
	walk    *randomWalk // chooser, when it is the default random walk (walkSchedule)

	now  time.Duration // virtual time since Epoch
	step int64

	gs       []*goroutine // by id-1
	run      runSet       // runnable ids, ascending; includes the running one
	cur      *goroutine   // the goroutine running now (nil in the host)
	lastID   int          // the goroutine that ran last, for PCT
	next     *goroutine   // picked to run after the current one yields
	live     int          // goroutines started and not finished
	free     []*coroutine // coroutines whose goroutine ended, for the next spawn
	goexited []*coroutine // coroutines whose goroutine called runtime.Goexit (goexit)
	fromPool int          // coroutines taken from opts.Coroutines, counted in goroutinesBefore

	// A select's scratch (world_select.go): its cases' world sides, and
	// the objects it parks on.
	selectCases []wcase
	selectObjs  []int

	timers     timerHeap
	timersMade int       // Timers made (NewTimer, AfterFunc, TimerOn), for Made
	objects    []objKind // kind of each object by id-1

	tr      tracer
	choices choiceLog

	failure         *Failure
	chooserPanic    any // re-raised by Run in its caller
	chooserPanicked bool
	unwinding       bool
	bodyDone        bool
	bodyDoneAt      time.Duration

	// Shared with the watchdog, which runs on another goroutine: a
	// heartbeat every few hundred resumes (an atomic per resume would cost
	// a tenth of a switch), and the native goroutine of each world one.
	resumes   uint64
	progress  atomic.Uint64
	abandoned atomic.Bool
	hostsMu   sync.Mutex
	hosts     map[int]*goroutine // live goroutines by id, for the watchdog

	// Adopted native values (adopt.go): the world's state for each, the
	// keys it holds in adopters, the channels polled at quiescence, the
	// world contexts whose done channel was handed out, and a failure
	// found by a goroutine outside the world (CurrentFor).
	locals           map[any]any
	adoptedKeys      []any
	foreign          []foreignChan
	goroutinesBefore int // runtime.NumGoroutine() when Run started: see awaitForeign
	ctxDone          map[chan struct{}]*wctx
	intrusion        atomic.Pointer[Failure]
	ended            atomic.Bool // the world is over: no more intrusions (world_run.go)
}

func (w *world) kit() Runtime { return w }

func (w *world) newObject(k objKind) int {
	w.objects = append(w.objects, k)
	return len(w.objects)
}
