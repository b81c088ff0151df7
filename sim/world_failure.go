package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// How a run's outcome is assembled: the first failure with the goroutines
// it concerns, the Result, and the watchdog's verdict, which is built from
// another goroutine while the world is stuck.

// fail records the first failure of the run; g is the goroutine at fault,
// if any.
func (w *world) fail(f *Failure, g *goroutine) {
	if w.failure != nil {
		return
	}
	f.Step, f.Time = w.step, w.now
	if g != nil {
		f.Goroutine = w.info(g)
	}
	// An intrusion noticed at quiescence (g nil) left the world's
	// goroutines blocked as a deadlock does: the report lists them too.
	if f.Kind == KindDeadlock || f.Kind == KindLeak || f.Kind == KindUnreachable && g == nil {
		var goids []uint64
		for _, b := range w.gs {
			if b.state == gBlocked {
				goids = append(goids, b.host.goid())
			}
		}
		stacks := hostStacks(goids...)
		for _, b := range w.gs {
			if b.state == gBlocked {
				on, st := w.describeBlock(b), stacks[b.host.goid()].stack
				switch {
				case w.blocksOutside(b):
					on += outsideNote(st)
				case w.blocksOnAdopted(b) || strings.Contains(st, plainFrame):
					on += " at " + userLine(st) // plain code: the user's operation
				}
				f.Waiting = append(f.Waiting, Waiting{Goroutine: w.info(b), On: on, Stack: st})
			}
		}
		if len(f.Waiting) > 0 && g == nil {
			f.Goroutine = f.Waiting[0].Goroutine
		}
	}
	f.Seed = w.opts.Seed
	w.failure = f
}

func (w *world) result() *Result {
	if w.failure != nil {
		w.failure.Tail = w.tr.tail() // before events takes the ring
	}
	r := &Result{
		Failure: w.failure,
		Steps:   w.step,
		Elapsed: w.now,
		Hash:    w.tr.hash,
		Trace:   w.tr.events(),
		choices: w.choices,
	}
	for _, g := range w.gs {
		r.Goroutines = append(r.Goroutines, w.info(g))
	}
	return r
}

// blockedResult is built by the watchdog while the world is stuck; it
// reads only what the watchdog may read.
func (w *world) blockedResult(stuck time.Duration) *Result {
	f := &Failure{Kind: KindBlocked, Seed: w.opts.Seed}
	g, st := w.stuckHost()
	if g != nil {
		f.Goroutine, f.Stack = w.info(g), st.stack
	}
	fn, at, pkg := blockingFrame(f.Stack)
	where := ""
	if fn != "" {
		where = fmt.Sprintf(" in %s at %s", fn, at)
	}
	f.Message = fmt.Sprintf("goroutine ran %v of wall-clock time without reaching a kit operation: it is blocked outside the kit%s (a raw channel, sync primitive, time.Sleep or I/O), which the world cannot schedule; the world was abandoned", stuck.Round(time.Millisecond), where)
	if parkedNatively(st.status) {
		f.Message = fmt.Sprintf("goroutine made no kit operation for %v of wall-clock time: it is blocked outside the kit%s (parked natively [%s] on a raw channel or lock, or a sync primitive of a package left as it was), which the world cannot schedule, and which no world goroutine can release while it waits; the world was abandoned", stuck.Round(time.Millisecond), where, st.status)
	}
	if pkg != "" {
		f.Message += fmt.Sprintf("; if %s is a package that execsim test left as it was (a dependency's), add it with -rewrite %s", pkg, pkg)
	}
	return &Result{Failure: f}
}

// stuckHost finds the world goroutine that is not parked in the kit: the
// one running, outside the kit, while the world waits for it. Parked world
// goroutines show as "coroutine" in a stack dump. It reads only what the
// watchdog may read; g is nil if none is found.
func (w *world) stuckHost() (*goroutine, hostStack) {
	w.hostsMu.Lock()
	defer w.hostsMu.Unlock()
	ids := make([]int, 0, len(w.hosts))
	goids := make([]uint64, 0, len(w.hosts))
	for id, g := range w.hosts {
		ids = append(ids, id)
		goids = append(goids, g.host.goid())
	}
	stacks := hostStacks(goids...)
	slices.Sort(ids)
	for _, id := range ids {
		g := w.hosts[id]
		if st, ok := stacks[g.host.goid()]; ok && st.status != "coroutine" {
			return g, st
		}
	}
	return nil, hostStack{}
}

// stuckParked reports whether the world goroutine running outside the kit
// is parked natively on a channel or lock.
func (w *world) stuckParked() bool {
	_, st := w.stuckHost()
	return parkedNatively(st.status)
}

// parkedShare is the part of Options.Watchdog (a sixth: 5s of the default
// 30s) after which the watchdog reports a world goroutine that is parked
// natively on a channel or lock (parkedNatively) as blocked, rather than
// after the whole period. No other world goroutine can run while it
// waits, so if what it waits for belongs to one of them (a semaphore of a
// package left unrewritten, a raw channel), it waits for ever; only a
// native goroutine or a native timer of code left as it was can still
// release it, and tests rarely wait that long on one. A goroutine that
// computes, sleeps or does I/O outside the kit keeps the whole period.
const parkedShare = 6

// parkedNatively reports whether a goroutine status of a stack dump is a
// wait in the runtime on a channel or a sync primitive: not running, not
// in a system call or I/O, not sleeping.
func parkedNatively(status string) bool {
	switch status {
	case "chan receive", "chan send", "select", "select (no cases)", "chan receive (nil chan)", "chan send (nil chan)",
		"semacquire", "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.Cond.Wait", "sync.WaitGroup.Wait":
		return true
	}
	return false
}

// blockingFrame is the innermost frame of a stack (runtime.Stack's text,
// its header and the world's own frames perhaps cut) outside Go's
// standard library and the kit: the code that blocked
// natively, with its file:line and its package's path; "" if there is
// none.
func blockingFrame(stack string) (fn, at, pkg string) {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		call := lines[i]
		if call == "" || strings.HasPrefix(call, "\t") || strings.HasPrefix(call, "goroutine ") {
			continue
		}
		name := call
		if j := strings.LastIndex(name, "("); j > 0 {
			name = name[:j]
		}
		file := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(file, " +0x"); j > 0 {
			file = file[:j]
		}
		path := name
		slash := strings.LastIndex(path, "/")
		if dot := strings.Index(path[slash+1:], "."); dot >= 0 {
			path = path[:slash+1+dot]
		}
		first, _, _ := strings.Cut(path, "/")
		if !strings.Contains(first, ".") { // the standard library's
			continue
		}
		if fileName, _, _ := strings.Cut(file, ":"); kitFrame(name, fileName) {
			continue
		}
		return name, file, path
	}
	return "", "", ""
}

// intrusionGrace is how long the watchdog lets a pending intrusion wait
// for the world's next scheduling point before it takes the world as
// blocked outside the kit.
const intrusionGrace = 500 * time.Millisecond

// intrudedResult is blockedResult for a world that a goroutine it did not
// start touched while it was blocked outside the kit: the intrusion is the
// cause, named with its line, and the blocked goroutine's stack follows.
func (w *world) intrudedResult(stuck time.Duration) *Result {
	r := w.blockedResult(stuck)
	in := w.intrusion.Load()
	r.Failure.Kind = KindUnreachable
	r.Failure.Message = in.Message + fmt.Sprintf("; meanwhile this goroutine has been blocked outside the kit for %v (most likely on that goroutine's package: rewrite it too, with execsim test -rewrite), and the world was abandoned", stuck.Round(time.Millisecond))
	return r
}

// info describes g for a report or a Result. It may run on the watchdog's
// goroutine: it reads only fields fixed when g was spawned.
func (w *world) info(g *goroutine) GoroutineInfo {
	return GoroutineInfo{ID: g.id, Name: g.name, SpawnSite: g.spawnAt.site()}
}
