package sim

import (
	"fmt"
	"path"
	"runtime"
	"strings"
	"time"
)

// Completions from outside the world, and calls the world cannot schedule.
//
// An adopted native channel (AdoptChan) may be sent on or closed by code
// the world does not run: an untouched package's goroutine, the standard
// library. The world cannot see that happen, so it looks when it must:
// at quiescence, before it moves the clock or ends the run, it polls, in
// adoption order, every adopted channel a world goroutine waits on, with
// non-blocking native operations. When nothing else could ever move, it
// keeps polling for foreignWait of wall-clock time before it reports the
// deadlock or leak, and the report says which waits only code outside the
// world can complete. Such a completion depends on real time, so it is a
// determinism hazard by nature: the world makes it as late as it can
// (quiescence), where it perturbs the schedule least.

// foreignWait bounds the wall-clock time a world that would otherwise
// deadlock waits for code outside it.
const foreignWait = 50 * time.Millisecond

// foreignChan is an adopted native channel, as the world polls it.
type foreignChan interface {
	poll() bool    // completes one parked operation from outside, if it can
	waiting() bool // a world goroutine waits on it
	own() bool     // made by the world's own code (MadeChan)
}

func (c *wchan[T]) own() bool { return c.w.objects[c.id-1] == objMadeChan }

func (c *wchan[T]) waiting() bool {
	return !c.closed && (!c.recvq.empty() || c.cap == 0 && !c.sendq.empty())
}

func (c *wchan[T]) poll() bool {
	if c.closed {
		return false
	}
	if !c.recvq.empty() {
		select {
		case v, ok := <-c.adopt.native:
			c.fromOutside(v, ok)
			return true
		default:
		}
	}
	// Only an unbuffered channel's sender is offered to the outside: a
	// native send on a buffered one would succeed into the native buffer,
	// doubling the capacity the world's senders see.
	if c.cap == 0 && !c.sendq.empty() {
		wt := c.sendq.first()
		select {
		case c.adopt.native <- *(*T)(wt.val):
			c.sendq.pop()
			c.w.note(c.id, "send completed outside the world")
			c.w.wake(wt)
			return true
		default:
		}
	}
	return false
}

// fromOutside takes a value (or the close) received natively on an
// adopted channel into the world.
func (c *wchan[T]) fromOutside(v T, ok bool) {
	if !ok {
		c.w.note(c.id, "closed outside the world")
		c.shut()
		return
	}
	c.w.note(c.id, "sent outside the world")
	if !c.deliver(v) {
		c.adopt.pending = append(c.adopt.pending, v)
	}
}

// drainNative moves a channel's native contents into its world channel at
// adoption: the buffered values, then a waiting sender's value or the
// closed flag.
func (c *wchan[T]) drainNative() {
	for n := len(c.adopt.native); n > 0; n-- {
		select {
		case v, ok := <-c.adopt.native:
			if !ok {
				c.closed = true
				return
			}
			c.push(v)
		default:
			n = 1
		}
	}
	select {
	case v, ok := <-c.adopt.native:
		if !ok {
			c.closed = true
			return
		}
		c.adopt.pending = append(c.adopt.pending, v)
	default:
	}
}

// closeNative closes a native channel that code outside the world may
// have closed already (the world sees that only when it polls).
func closeNative[T any](ch chan T) {
	defer func() { _ = recover() }()
	close(ch)
}

func (w *world) note(obj int, detail string) {
	w.tr.add(Event{Step: w.step, Time: w.now, Op: OpNote, Obj: obj, Choice: -1, Detail: detail})
}

// pollForeign polls every adopted channel once and reports whether any
// operation completed.
func (w *world) pollForeign() bool {
	moved := false
	for _, c := range w.foreign {
		if c.waiting() && c.poll() {
			moved = true
		}
	}
	return moved
}

// awaitForeign is the last look before a deadlock or leak is declared:
// while world goroutines wait on adopted channels, it polls them for up to
// foreignWait of wall-clock time, and reports whether one completed.
func (w *world) awaitForeign() bool {
	// A channel the world's own code made (MadeChan) is waited for only
	// while goroutines the world did not start exist beside it (an
	// untouched package's, started from world code, may yet send on it):
	// waiting always made every deadlock and leak of plain code cost
	// foreignWait. The world's own are its host, a coroutine per live
	// goroutine and the free coroutines (coroutine.go), less those it took
	// from its pool, which were counted before it began. The count is
	// conservative: another world or any other goroutine of the process
	// makes the world wait, as before.
	waiting, own := false, false
	for _, c := range w.foreign {
		if c.waiting() {
			if c.own() {
				own = true
			} else {
				waiting = true
			}
		}
	}
	if !waiting && own && w.strangersExist() {
		waiting = true
	}
	if !waiting {
		return false
	}
	for end := time.Now().Add(foreignWait); time.Now().Before(end); {
		time.Sleep(time.Millisecond)
		w.progress.Add(1) // the watchdog: the world is waiting, not stuck
		if w.intrusion.Load() != nil || w.abandoned.Load() {
			return false
		}
		if w.pollForeign() {
			return true
		}
	}
	return false
}

// strangersExist reports whether the process runs goroutines that are not
// the world's own (see awaitForeign).
func (w *world) strangersExist() bool {
	return runtime.NumGoroutine() > w.goroutinesBefore+1+w.live+len(w.free)+len(w.goexited)-w.fromPool
}

// blocksOutside reports whether g waits only on adopted native channels,
// which nothing in the world can complete once the world is quiescent.
func (w *world) blocksOutside(g *goroutine) bool {
	if len(g.blockObjs) == 0 || g.blockOp != OpSend && g.blockOp != OpRecv && g.blockOp != OpSelect {
		return false
	}
	for _, id := range g.blockObjs {
		if id < 1 || id > len(w.objects) || w.objects[id-1] != objForeignChan {
			return false
		}
	}
	return true
}

// blocksOnAdopted reports whether g waits on some adopted native channel:
// it runs plain code, whose stack starts inside package plain, so a report
// names the user's line of the operation.
func (w *world) blocksOnAdopted(g *goroutine) bool {
	for _, id := range g.blockObjs {
		if id >= 1 && id <= len(w.objects) && (w.objects[id-1] == objForeignChan || w.objects[id-1] == objMadeChan) {
			return true
		}
	}
	return false
}

// plainFrame marks a stack that passes through package plain: the
// goroutine blocks in rewritten plain code (a mutex, a wait group, a cond
// as well as a channel), whose report names the user's line.
const plainFrame = "github.com/execsim/execsim/plain."

// outsideNote is added to what a goroutine blocked by blocksOutside waits
// on: the line of the operation and why the world could not complete it.
func outsideNote(stack string) string {
	at := userLine(stack)
	return fmt.Sprintf(" at %s: no goroutine of the world can complete it, and nothing outside the world did within %v", at, foreignWait)
}

// userLine is the first file:line of a stack outside packages sim and
// plain (their tests count as the user's): the user's operation.
func userLine(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn, loc := lines[i], lines[i+1]
		if strings.HasPrefix(fn, "\t") || !strings.HasPrefix(loc, "\t") {
			continue
		}
		loc, _, _ = strings.Cut(strings.TrimSpace(loc), " +0x")
		file, _, _ := strings.Cut(loc, ":")
		if !kitFrame(fn, file) {
			return loc
		}
	}
	return "?"
}

// kitFrame reports whether a frame of function fn in file belongs to the
// kit (package sim, package plain's runtime functions, simtest's runner)
// rather than to the code that called it.
func kitFrame(fn, file string) bool {
	if strings.HasSuffix(file, "_test.go") {
		return false
	}
	if dir := path.Dir(file); dir == kitDirs.sim || dir == kitDirs.plain || dir == kitDirs.simtest {
		// By file, too: a closure of plain's (Range's loop body) inlined
		// into the user's function carries the user's function name.
		return true
	}
	return strings.HasPrefix(fn, "github.com/execsim/execsim/sim.") || strings.HasPrefix(fn, "github.com/execsim/execsim/plain.") ||
		strings.HasPrefix(fn, "github.com/execsim/execsim/simtest.")
}

// kitDirs are the directories of packages sim, plain and simtest, as file
// names in frames spell them (absolute, or module paths under -trimpath).
// simtest's runner is between a test and its world's main goroutine.
var kitDirs = func() (d struct{ sim, plain, simtest string }) {
	if _, file, _, ok := runtime.Caller(0); ok {
		d.sim = path.Dir(file)
		d.plain = path.Join(path.Dir(d.sim), "plain")
		d.simtest = path.Join(path.Dir(d.sim), "simtest")
	}
	return d
}()

// Unreachable fails the run of rt's world at once, with a
// [KindUnreachable] failure whose message is msg: the calling goroutine
// reached an operation the world cannot schedule (package plain's Foreign:
// network I/O, a blocking system call, cgo), which would otherwise stall
// the world until its watchdog fired. It does not return; the goroutine
// is unwound with the others.
func Unreachable(rt Runtime, msg string) {
	w := worldOf(rt, "Unreachable")
	g := w.cur
	if g == nil || w.unwinding {
		panic("sim: Unreachable: " + msg)
	}
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpNote, Choice: -1, Detail: "unreachable: " + msg})
	w.fail(&Failure{Kind: KindUnreachable, Message: msg, Stack: panicStack()}, g)
	w.schedule(g)
	runtime.Goexit() // not reached: the world is over and unwinds g
}
