package sim

import (
	"fmt"
	"strings"
)

// The world's side of Group: goroutines carry the group that owns them,
// and a join check looks for owned goroutines still alive.

// scope is one Group in the ownership tree.
type scope struct {
	name   string
	parent *scope
}

// within reports whether s is o or nested in o.
func (s *scope) within(o *scope) bool {
	for ; s != nil; s = s.parent {
		if s == o {
			return true
		}
	}
	return false
}

// path names s from the outermost group in: "ExecutorService-0/controller".
// A group named "" is left out: a harness's group around the code under
// test (simtest's) does not rename the groups of that code.
func (s *scope) path() string {
	var parts []string
	for ; s != nil; s = s.parent {
		if s.name != "" {
			parts = append(parts, s.name)
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// Not inlined: its spawn site is read from its own frame (callerStack).
//
//go:noinline
func (w *world) goOwned(name string, owner *scope, f func()) {
	pcs := callerStack(getfp())
	w.goFrom(name, f, pcs, owner)
}

// goFrom is the scheduling point of a go statement and the spawn: the new
// goroutine belongs to owner, or (owner nil, Runtime.Go) inherits its
// spawner's.
func (w *world) goFrom(name string, f func(), at spawnStack, owner *scope) {
	g := w.point(OpGo, len(w.gs)+1)
	if owner == nil {
		owner = g.owner
	}
	w.spawn(name, f, at).owner = owner
}

func (w *world) currentScope() *scope {
	if w.cur == nil {
		return nil
	}
	return w.cur.owner
}

func (w *world) leaveScope() {
	if w.cur != nil {
		w.cur.owner = nil
	}
}

// joinDrainMax bounds how many times a join check lets an owned runnable
// goroutine run before it looks: one that is still runnable after that
// many turns is spinning, and is reported as not joined.
const joinDrainMax = 1000

// joinCheck reports the goroutines owned by sc that are still alive, as a
// KindNotJoined failure, or nil.
//
// A goroutine that has signalled its joiner is joined even though it has
// not quite ended: a Group member or WaitGroup.Go goroutine whose function
// returned leaves its owner there (leaveScope). The other common signals
// are a deferred close of a channel and a deferred WaitGroup.Done, but
// both also happen mid-work (a WaitGroup can count calls in progress), so
// an owned goroutine that is runnable and whose last kit operation was a
// close or a WaitGroup.Add/Done is let run (lowest id first, a
// deterministic choice not asked of the Chooser) until it ends or blocks,
// and reported only if it blocks again or is still running after
// joinDrainMax turns. Any other owned goroutine still alive is reported
// as it is: a runnable one was not waited for, whatever it would have
// done next.
func (w *world) joinCheck(sc *scope) *Failure {
	g := w.point(OpJoin, 0)
	for range joinDrainMax {
		var t *goroutine
		for _, r := range w.gs { // ascending id, as the runnable set
			if r != g && r.state == gRunnable && (r.lastOp == OpClose || r.lastOp == OpWGAdd) && r.owner.within(sc) {
				t = r
				break
			}
		}
		if t == nil || w.failure != nil {
			break
		}
		w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpJoin, Obj: t.id, Choice: -1})
		w.next = t
		w.schedule(g)
	}
	var alive []*goroutine
	for _, o := range w.gs {
		if o.state != gDone && o != g && o.owner.within(sc) {
			alive = append(alive, o)
		}
	}
	if len(alive) == 0 {
		return nil
	}
	f := &Failure{Kind: KindNotJoined, Step: w.step, Time: w.now, Seed: w.opts.Seed, Goroutine: w.info(alive[0])}
	goids := make([]uint64, len(alive))
	for i, o := range alive {
		goids[i] = o.host.goid()
	}
	stacks := hostStacks(goids...)
	names := make([]string, len(alive))
	for i, o := range alive {
		names[i] = o.name
		on := "runnable: still running, not waited for"
		if o.state == gBlocked {
			on = w.describeBlock(o)
		}
		f.Waiting = append(f.Waiting, Waiting{Goroutine: w.info(o), On: on, Stack: stacks[o.host.goid()].stack})
	}
	f.Message = fmt.Sprintf("%d goroutine(s) of %s still running when it was to be joined: %s", len(alive), sc.path(), strings.Join(names, ", "))
	f.Tail = w.tr.tail()
	return f
}
