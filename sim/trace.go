package sim

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Op is the kind of a trace event.
type Op uint8

// The events of a trace. Most are the scheduling point at the start of a
// kit operation; OpExit, OpTimerFire, OpAdvance and OpPanic are the
// world's own; OpDraw and OpNote come from Runtime.Choose and Runtime.Trace.
const (
	OpGo Op = iota + 1
	OpExit
	OpYield
	OpNow
	OpSend
	OpRecv
	OpTrySend
	OpTryRecv
	OpClose
	OpSelect
	OpLock
	OpUnlock
	OpRLock
	OpRUnlock
	OpWGAdd
	OpWGWait
	OpOnce
	OpSleep
	OpTimerNew
	OpTimerStop
	OpTimerReset
	OpTimerFire
	OpCancel
	OpChoose
	OpDraw
	OpNote
	OpAdvance
	OpPanic
	OpJoin // a join check ran an owned goroutine before looking (Obj: that goroutine)
)

var opNames = [...]string{
	OpGo: "go", OpExit: "exit", OpYield: "yield", OpNow: "now", OpSend: "send", OpRecv: "recv",
	OpTrySend: "trysend", OpTryRecv: "tryrecv", OpClose: "close", OpSelect: "select",
	OpLock: "lock", OpUnlock: "unlock", OpRLock: "rlock", OpRUnlock: "runlock",
	OpWGAdd: "wg.add", OpWGWait: "wg.wait", OpOnce: "once", OpSleep: "sleep",
	OpTimerNew: "timer.new", OpTimerStop: "timer.stop", OpTimerReset: "timer.reset",
	OpTimerFire: "timer.fire", OpCancel: "cancel", OpChoose: "choose", OpDraw: "draw",
	OpNote: "note", OpAdvance: "advance", OpPanic: "panic", OpJoin: "join",
}

func (o Op) String() string {
	if int(o) < len(opNames) && opNames[o] != "" {
		return opNames[o]
	}
	return fmt.Sprintf("op(%d)", o)
}

// Event is one entry of a world's trace. It holds no pointers and no
// wall-clock values, so a replay produces the same events.
type Event struct {
	Step   int64         // scheduling points so far
	Time   time.Duration // virtual time since Epoch
	G      int           // goroutine id; 0 for the world itself
	Op     Op
	Obj    int    // the object operated on (channel, mutex, timer, context, goroutine for OpGo), 0 if none
	Choice int    // the Chooser's answer at this point, -1 if it was not asked
	N      int    // how many alternatives it chose among
	Detail string // OpDraw's label, OpNote's text, OpPanic's message
	// PC is the return address of the call into the kit that made the
	// event, when Options.CallerPCs is set; 0 otherwise, and for the
	// world's own events. It is not part of the trace hash.
	PC uintptr
}

// Caller is the file:line of the kit call that made the event (see
// Options.CallerPCs), or "" if the event has none.
func (e Event) Caller() string {
	if e.PC == 0 {
		return ""
	}
	frames := runtime.CallersFrames([]uintptr{e.PC})
	for {
		fr, more := frames.Next()
		if !kitFrame(fr.Function, fr.File) {
			return fmt.Sprintf("%s:%d", fr.File, fr.Line)
		}
		if !more {
			return ""
		}
	}
}

// callerPC finds the first frame of the calling goroutine outside the
// kit (package sim, and package plain, whose calls rewritten code makes):
// the code that made the kit call. It returns that frame's return
// address (inlined frames share it: Event.Caller expands them again), or 0
// for an event the world made on its own.
func callerPC() uintptr {
	var pcs [24]uintptr
	n := runtime.Callers(3, pcs[:])
	for _, pc := range pcs[:n] {
		frames := runtime.CallersFrames([]uintptr{pc})
		for {
			fr, more := frames.Next()
			if strings.HasPrefix(fr.Function, "runtime.") || strings.HasPrefix(fr.Function, "iter.") {
				return 0 // the coroutine machinery: the world's own event
			}
			if !kitFrame(fr.Function, fr.File) {
				return pc
			}
			if !more {
				break
			}
		}
	}
	return 0
}

// String renders the event as one line of the text trace.
func (e Event) String() string {
	s := fmt.Sprintf("%6d %12v g%-3d %-11s", e.Step, e.Time, e.G, e.Op)
	if e.Obj != 0 {
		s += fmt.Sprintf(" #%d", e.Obj)
	}
	if e.Choice >= 0 {
		s += fmt.Sprintf(" choice=%d/%d", e.Choice, e.N)
	}
	if e.Detail != "" {
		s += " " + e.Detail
	}
	return s
}

type objKind uint8

const (
	objChan objKind = iota + 1
	objMutex
	objWaitGroup
	objOnce
	objTimer
	objContext
	objForeignChan // an adopted native channel (adopt.go)
	objMadeChan    // an adopted native channel the world's own code made (MadeChan)
)

// tracer hashes every event and keeps the last few (or all of them).
type tracer struct {
	hash uint64
	ring []Event // a power of two long
	mask int
	n    int // events added
	all  []Event
	keep bool
	pcs  bool // record each event's caller (Options.CallerPCs)

	tailLen int // events a tail holds
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (t *tracer) init(tail int, keep bool) {
	t.hash = fnvOffset
	size := 1
	for size < tail {
		size *= 2
	}
	t.ring, t.mask, t.tailLen = make([]Event, size), size-1, tail
	t.keep = keep
}

// eventMix folds an event's fields into the running hash h. This runs at
// every scheduling point, so the fields are packed in four words, mixed by
// independent multiplies, and folded in with one FNV-1a step: order
// matters, collisions are as unlikely as in any 64-bit hash.
func eventMix(h uint64, step int64, now time.Duration, g int, op Op, obj, choice, n int) uint64 {
	x := (uint64(step)<<8|uint64(op))*0x9e3779b97f4a7c15 ^
		(uint64(g)<<32|uint64(uint32(obj)))*0xc2b2ae3d27d4eb4f ^
		uint64(now)*0x165667b19e3779f9 ^
		(uint64(uint32(choice))<<32|uint64(uint32(n)))*0xd6e8feb86659fd93
	return (h ^ x ^ x>>31) * fnvPrime
}

// point is add for a scheduling point's event, which has no Detail: its
// fields come in registers, where add takes an 80-byte Event on the stack
// (issue 19).
func (t *tracer) point(step int64, now time.Duration, g int, op Op, obj, choice, n int) {
	if t.pcs || t.keep {
		t.add(Event{Step: step, Time: now, G: g, Op: op, Obj: obj, Choice: choice, N: n})
		return
	}
	t.hash = eventMix(t.hash, step, now, g, op, obj, choice, n)
	t.ring[t.n&t.mask] = Event{Step: step, Time: now, G: g, Op: op, Obj: obj, Choice: choice, N: n}
	t.n++
}

func (t *tracer) add(e Event) {
	h := eventMix(t.hash, e.Step, e.Time, e.G, e.Op, e.Obj, e.Choice, e.N)
	for i := 0; i < len(e.Detail); i++ {
		h = (h ^ uint64(e.Detail[i])) * fnvPrime
	}
	t.hash = h
	if t.pcs {
		e.PC = callerPC()
	}
	t.ring[t.n&t.mask] = e
	t.n++
	if t.keep {
		t.all = append(t.all, e)
	}
}

func (t *tracer) tail() []Event {
	k := min(t.n, t.tailLen)
	out := make([]Event, 0, k)
	for i := t.n - k; i < t.n; i++ {
		out = append(out, t.ring[i&t.mask])
	}
	return out
}

// events is the trace a Result carries, taken once the world is over:
// every event if they were kept, else the tail, put in order in the ring
// itself. A copy would be one of a run's largest allocations; the ring is
// dropped, so an event added after it would fail loudly instead of
// rewriting a Result.
func (t *tracer) events() []Event {
	if t.keep {
		return t.all
	}
	ring := t.ring
	t.ring = nil
	k := min(t.n, t.tailLen)
	if t.n <= len(ring) {
		return ring[t.n-k : t.n : t.n]
	}
	r := t.n & t.mask // the oldest event's slot: rotate it to the front
	slices.Reverse(ring[:r])
	slices.Reverse(ring[r:])
	slices.Reverse(ring)
	return ring[len(ring)-k:]
}

func (w *world) describeBlock(g *goroutine) string {
	name := func(id int) string {
		if id < 1 || id > len(w.objects) {
			return fmt.Sprintf("#%d", id)
		}
		return fmt.Sprintf("%s #%d", [...]string{"?", "chan", "mutex", "waitgroup", "once", "timer", "context", "native chan", "native chan"}[w.objects[id-1]], id)
	}
	var on string
	switch g.blockOp {
	case OpSend:
		on = "chan send on " + name(g.blockObjs[0])
	case OpRecv:
		on = "chan receive on " + name(g.blockObjs[0])
	case OpSelect:
		if len(g.blockObjs) == 0 {
			on = "select with no cases"
			break
		}
		on = "select on"
		for i, o := range g.blockObjs {
			if i > 0 {
				on += ","
			}
			on += " " + name(o)
		}
	case OpSleep:
		on = fmt.Sprintf("sleep until %v", g.sleeper.when)
	default:
		on = g.blockOp.String() + " on " + name(g.blockObjs[0])
	}
	return fmt.Sprintf("%s (since %v)", on, g.blockAt)
}
