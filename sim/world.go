package sim

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure one run of a world. Numeric fields left zero take the
// default their comment gives; every bound exists, so a run always ends.
type Options struct {
	// Seed seeds the default Chooser (a random walk) and is carried into
	// reports. Two runs with the same Options and body are identical.
	Seed uint64
	// Chooser makes every nondeterministic decision. Nil means
	// NewRandom(Seed).
	Chooser Chooser
	// StepsMax bounds the number of scheduling points; reaching it is a
	// KindSteps failure (livelock, or a run far longer than intended).
	// Default 1,000,000.
	StepsMax int64
	// VirtualTimeMax bounds the virtual clock, measured from Epoch; a timer
	// beyond it is a KindTime failure (a hang that keeps timers ticking).
	// Default 24h.
	VirtualTimeMax time.Duration
	// Settle is the virtual time the world keeps running after the body
	// returns, so that goroutines still shutting down can finish; any
	// goroutine alive after it has leaked. Default 1 minute.
	Settle time.Duration
	// TraceTail is how many of the last events a failure carries.
	// Default 32.
	TraceTail int
	// KeepTrace keeps every event in Result.Trace, for export. Without it
	// the trace is only hashed, and Result.Trace holds the tail.
	KeepTrace bool
	// Watchdog is the wall-clock time a goroutine may run without reaching
	// a kit operation before the run ends with a KindBlocked failure: such a
	// goroutine is blocked outside the kit (a raw channel, a sync.Mutex, I/O)
	// and the world cannot schedule around it. Default 30s; negative turns
	// the watchdog off.
	Watchdog time.Duration
	// TimerHorizon lets timers fire while code is running, not only when
	// the world is quiescent: at every scheduling point where the earliest
	// pending timer is due within TimerHorizon of now, the Chooser is asked
	// a TimeDecision, whose answer 1 moves the clock to that timer and
	// fires it (and every timer due at that instant) before the operation
	// takes effect. It models computation that takes time: a deadline can
	// pass, and a message whose latency is shorter than the horizon can
	// arrive, between any two steps of a goroutine. Time still never moves
	// backwards, and a fired timer only makes goroutines runnable. Any
	// positive value includes the timers already due (a zero-latency
	// delivery, a Reset(0)); keep it below the timeouts of the code under
	// test unless early timeouts are what you test. Zero or negative: off,
	// the clock moves only when no goroutine is runnable.
	TimerHorizon time.Duration
}

func (o *Options) fill() {
	if o.Chooser == nil {
		o.Chooser = NewRandom(o.Seed)
	}
	if o.StepsMax <= 0 {
		o.StepsMax = 1_000_000
	}
	if o.VirtualTimeMax <= 0 {
		o.VirtualTimeMax = 24 * time.Hour
	}
	if o.Settle <= 0 {
		o.Settle = time.Minute
	}
	if o.TraceTail <= 0 {
		o.TraceTail = 32
	}
	if o.Watchdog == 0 {
		o.Watchdog = 30 * time.Second
	}
}

// Result is what a run of a world produced.
type Result struct {
	// Failure is nil when the run ended with every goroutine finished and no
	// panic; otherwise it says what went wrong, where and when.
	Failure *Failure
	// Steps is the number of scheduling points the run took.
	Steps int64
	// Elapsed is the virtual time the run took.
	Elapsed time.Duration
	// Hash is the running 64-bit hash of every trace event: two runs with
	// the same hash took the same path.
	Hash uint64
	// Trace is every event when Options.KeepTrace is set, else the last
	// Options.TraceTail ones.
	Trace   []Event
	choices choiceLog
	// Goroutines describes every goroutine the run started, by id (index
	// id-1).
	Goroutines []GoroutineInfo
}

// Schedule returns every decision the Chooser made, in order: give it to
// NewReplay to run the same path again.
func (r *Result) Schedule() []Choice { return r.choices.all() }

// Err returns the Failure as an error, or nil.
func (r *Result) Err() error {
	if r.Failure == nil {
		return nil
	}
	return r.Failure
}

// World is a deterministic runtime: it implements [Runtime] and exists for
// the length of one [Run]. Its methods must be called only from the body
// and the goroutines it starts.
type World struct {
	opts    Options
	chooser Chooser

	now  time.Duration // virtual time since Epoch
	step int64

	gs     []*goroutine // by id-1
	run    []*goroutine // runnable, ascending id; includes the running one
	ids    []int        // ids of run
	order  []int        // ids in the order a preemption decision offers them
	cur    *goroutine   // the goroutine running now (nil in the host)
	lastID int          // the goroutine that ran last, for PCT
	next   *goroutine   // picked to run after the current one yields
	live   int          // goroutines started and not finished

	timers  timerHeap
	objects []objKind // kind of each object by id-1

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
	hosts     map[uint64]GoroutineInfo
}

// Run runs body as the goroutine "main" of a new world and returns when
// the world is over: the body and every goroutine it started have
// finished, or a failure was found (see [Failure] for the kinds). Either
// way, every goroutine the world parked has been unwound, so the process
// leaks nothing, with one exception: a goroutine stuck outside the kit when
// the watchdog fires cannot be unwound, and the world is abandoned to it.
func Run(opts Options, body func(rt Runtime)) *Result {
	opts.fill()
	w := &World{opts: opts, chooser: opts.Chooser, hosts: map[uint64]GoroutineInfo{}}
	w.tr.init(opts.TraceTail, opts.KeepTrace)
	var at spawnStack
	runtime.Callers(2, at[:])
	done := make(chan *Result, 1)
	go func() {
		defer func() { done <- w.result() }()
		defer w.unwind()
		w.loop(body, at)
	}()
	if opts.Watchdog < 0 {
		return w.finish(<-done)
	}
	tick := time.NewTicker(opts.Watchdog / 8)
	defer tick.Stop()
	last, since := w.progress.Load(), time.Now()
	for {
		select {
		case r := <-done:
			return w.finish(r)
		case <-tick.C:
			if p := w.progress.Load(); p != last {
				last, since = p, time.Now()
				continue
			}
			if time.Since(since) >= opts.Watchdog {
				w.abandoned.Store(true)
				return w.blockedResult(time.Since(since))
			}
		}
	}
}

func (w *World) finish(r *Result) *Result {
	if w.chooserPanicked {
		panic(w.chooserPanic)
	}
	return r
}

type gState uint8

const (
	gRunnable gState = iota
	gBlocked
	gDone
)

type goroutine struct {
	w       *World
	id      int
	name    string
	spawnAt spawnStack
	f       func()
	resume  func() (struct{}, bool)
	stop    func()
	yield   func(struct{}) bool
	state   gState
	hostID  uint64 // the native goroutine the coroutine runs on
	depth   int    // place on the resume chain (see schedule); 0 when suspended
	steps   int64  // scheduling points passed

	// What it blocks on, for reports.
	blockOp   Op
	blockObjs []int
	blockAt   time.Duration

	waiters   []waiter // reused for every wait
	wakeIdx   int      // the select case that fired
	wakePanic string   // panic to raise when woken (send on a closed channel)
	returned  bool
	sleeper   *wtimer

	lastOp Op // the kit operation it last reached, for a join check

	// owner is the innermost Group the goroutine belongs to (nil: none).
	// A goroutine inherits its spawner's owner; a Group member drops its
	// owner when its function returns (see Group.Joined).
	owner *scope
}

// unwindSignal is the panic value that unwinds a parked goroutine when the
// world is over.
type unwindSignal struct{}

func (w *World) kit() {}

func (w *World) newObject(k objKind) int {
	w.objects = append(w.objects, k)
	return len(w.objects)
}

// spawn creates a goroutine; it runs when the scheduler picks it.
func (w *World) spawn(name string, f func(), at spawnStack) *goroutine {
	g := &goroutine{w: w, id: len(w.gs) + 1, name: name, spawnAt: at, f: f}
	g.resume, g.stop = iter.Pull(g.body)
	w.gs = append(w.gs, g)
	w.live++
	w.makeRunnable(g)
	return g
}

func (g *goroutine) body(yield func(struct{}) bool) {
	g.yield = yield
	g.hostID = hostGoroutineID()
	w := g.w
	w.hostsMu.Lock()
	w.hosts[g.hostID] = GoroutineInfo{ID: g.id, Name: g.name, SpawnSite: g.spawnAt.site()}
	w.hostsMu.Unlock()
	defer g.exit()
	g.f()
	g.returned = true
}

// exit turns a panic or Goexit of the goroutine into a failure.
func (g *goroutine) exit() {
	r := recover()
	w := g.w
	if _, ok := r.(unwindSignal); ok || w.unwinding || w.failure != nil {
		return
	}
	if r == nil {
		if !g.returned {
			w.fail(&Failure{Kind: KindGoexit, Message: "runtime.Goexit called in a world goroutine (t.FailNow or t.Fatal?): the world cannot continue"}, g)
		}
		return
	}
	msg := fmt.Sprint(r)
	if e, ok := r.(error); ok {
		msg = e.Error()
	}
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpPanic, Choice: -1, Detail: msg})
	w.fail(&Failure{Kind: KindPanic, Message: msg, Value: r, Stack: panicStack()}, g)
}

// loop runs the world from the host goroutine until it is over.
func (w *World) loop(body func(Runtime), at spawnStack) {
	w.spawn("main", func() { body(w) }, at)
	w.schedule(nil)
}

// chainMax bounds the resume chain (see schedule). At 3, a switch costs one
// coroutine switch when its target is the caller or a fresh callee, and
// never more than two.
const chainMax = 3

// schedule hands the processor on, from goroutine from (nil for the host),
// and returns when from is picked to run again (the host: when the world
// is over).
//
// Goroutines are coroutines (iter.Pull), and a coroutine can switch only
// to the one that resumed it (by yielding) or to one it resumes itself. So
// rather than always returning to the host, which would cost two switches
// per handoff, a goroutine that stops running becomes a scheduler in
// turn: it resumes the next goroutine itself, making a chain host → g1 →
// g2 → …, or, if the next goroutine is above it on the chain (or the chain
// is full), yields upward. A ping-pong between two goroutines then costs
// one switch per handoff. Only the host advances time and ends the world.
func (w *World) schedule(from *goroutine) {
	depth := 0
	if from != nil {
		depth = from.depth
	}
	for {
		if w.failure != nil || w.abandoned.Load() {
			if from == nil {
				return
			}
			w.yieldUp(from) // the host ends the world; we are only unwound
		}
		next := w.next
		w.next = nil
		if next == nil {
			if len(w.run) == 0 {
				if from != nil {
					w.yieldUp(from) // the host advances time
					return
				}
				if !w.idle() {
					return
				}
				continue
			}
			next = w.pick(w.lastID)
			if w.failure != nil {
				continue
			}
		}
		if next == from {
			return
		}
		if next.depth > 0 || depth >= chainMax {
			w.next = next // an ancestor resumes it, or is it
			w.yieldUp(from)
			return // whoever resumed us picked us
		}
		next.depth = depth + 1
		w.cur, w.lastID = next, next.id
		if w.resumes++; w.resumes&255 == 0 {
			w.progress.Add(1)
		}
		_, alive := next.resume()
		next.depth = 0
		w.cur = from
		if from != nil {
			w.lastID = from.id
		}
		if !alive {
			w.exited(next)
		}
	}
}

// yieldUp returns control to the goroutine (or host) that resumed g; it
// returns when g is resumed again, and unwinds g if the world is over.
func (w *World) yieldUp(g *goroutine) {
	if !g.yield(struct{}{}) {
		panic(unwindSignal{})
	}
	if w.unwinding {
		panic(unwindSignal{})
	}
}

func (w *World) exited(g *goroutine) {
	g.state = gDone
	w.live--
	w.removeRunnable(g)
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: OpExit, Choice: -1})
	if g.id == 1 {
		w.bodyDone, w.bodyDoneAt = true, w.now
	}
}

// idle runs when nothing is runnable: it fires the next timers, or decides
// how the run ends. It reports whether the run goes on.
func (w *World) idle() bool {
	if w.live == 0 {
		return false
	}
	var t *wtimer
	if len(w.timers) > 0 {
		t = w.timers[0]
	}
	switch {
	case w.bodyDone && (t == nil || t.when > w.bodyDoneAt+w.opts.Settle):
		w.fail(&Failure{Kind: KindLeak, Message: fmt.Sprintf("%d goroutine(s) still alive after the body returned and the world settled", w.live)}, nil)
		return false
	case t == nil:
		w.fail(&Failure{Kind: KindDeadlock, Message: "all goroutines are blocked and no timer is pending"}, nil)
		return false
	case t.when > w.opts.VirtualTimeMax:
		w.fail(&Failure{Kind: KindTime, Message: fmt.Sprintf("virtual time budget %v exhausted: the next timer fires at +%v", w.opts.VirtualTimeMax, t.when)}, nil)
		return false
	}
	w.now = t.when
	w.tr.add(Event{Step: w.step, Time: w.now, Op: OpAdvance, Choice: -1})
	w.fireDue()
	return true
}

// point is the scheduling point at the start of every kit operation: it
// counts the step, records the event, and lets the Chooser switch to
// another runnable goroutine. It returns the calling goroutine.
func (w *World) point(op Op, obj int) *goroutine {
	g := w.cur
	if g == nil {
		panic("sim: kit operation outside a running world: call the Runtime only from Run's body and the goroutines it starts")
	}
	if w.unwinding {
		return g
	}
	if w.failure != nil { // found while this goroutine ran (a chooser's panic)
		w.schedule(g)
	}
	w.step++
	g.steps++
	g.lastOp = op
	if w.step&1023 == 0 {
		w.progress.Add(1)
	}
	if w.step > w.opts.StepsMax {
		w.fail(&Failure{Kind: KindSteps, Message: fmt.Sprintf("step budget %d exhausted: livelock, or a run far longer than intended", w.opts.StepsMax)}, g)
		w.schedule(g)
	}
	if w.opts.TimerHorizon > 0 && len(w.timers) > 0 {
		w.timeDecision(g)
	}
	if len(w.run) < 2 {
		w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: op, Obj: obj, Choice: -1})
		return g
	}
	// Answer 0 lets the running goroutine go on; k > 0 preempts it for the
	// k-th other runnable one, by ascending id. So a schedule's non-zero
	// answers are exactly its preemptions, and shrinking towards 0 removes
	// them.
	j := 0
	for w.run[j] != g {
		j++
	}
	w.order = append(append(append(w.order[:0], g.id), w.ids[:j]...), w.ids[j+1:]...)
	i := w.choose(Decision{Kind: ScheduleDecision, N: len(w.run), IDs: w.order, Current: g.id, Local: g.steps, Step: w.step})
	w.tr.add(Event{Step: w.step, Time: w.now, G: g.id, Op: op, Obj: obj, Choice: i, N: len(w.run)})
	next := g
	if i > 0 {
		if i <= j {
			next = w.run[i-1]
		} else {
			next = w.run[i]
		}
	}
	if next != g || w.failure != nil {
		w.next = next
		w.schedule(g)
	}
	return g
}

// park blocks g until another goroutine or a timer makes it runnable.
func (w *World) park(g *goroutine, op Op, objs ...int) {
	if w.unwinding {
		panic(unwindSignal{})
	}
	g.state = gBlocked
	g.blockOp, g.blockAt = op, w.now
	g.blockObjs = append(g.blockObjs[:0], objs...)
	w.removeRunnable(g)
	w.next = nil
	w.schedule(g)
	if p := g.wakePanic; p != "" {
		g.wakePanic = ""
		panic(plainError(p))
	}
}

func (w *World) makeRunnable(g *goroutine) {
	g.state = gRunnable
	n := len(w.run)
	if n == 0 || w.run[n-1].id < g.id {
		w.run, w.ids = append(w.run, g), append(w.ids, g.id)
		return
	}
	i := sort.Search(n, func(i int) bool { return w.run[i].id > g.id })
	w.run = append(w.run, nil)
	w.ids = append(w.ids, 0)
	copy(w.run[i+1:], w.run[i:n])
	copy(w.ids[i+1:], w.ids[i:n])
	w.run[i], w.ids[i] = g, g.id
}

func (w *World) removeRunnable(g *goroutine) {
	for i, r := range w.run {
		if r == g {
			w.run = append(w.run[:i], w.run[i+1:]...)
			w.ids = append(w.ids[:i], w.ids[i+1:]...)
			return
		}
	}
}

// pick chooses the next goroutine to run from the runnable ones, after
// the one that ran last (current) blocked or ended.
func (w *World) pick(current int) *goroutine {
	if len(w.run) == 1 {
		return w.run[0]
	}
	var local int64
	if current > 0 {
		local = w.gs[current-1].steps
	}
	i := w.choose(Decision{Kind: ScheduleDecision, N: len(w.run), IDs: w.ids, Current: current, Local: local, Step: w.step})
	return w.run[i]
}

// choose asks the Chooser and records its answer. An answer out of range is
// a failure of the chooser, reported as such; the run stops there. A
// Chooser that panics stops the world, and Run re-raises the panic in its
// caller: rapid's Chooser signals the end of its data that way, and rapid
// must see it in the test's goroutine.
func (w *World) choose(d Decision) int {
	defer w.recoverChooser() // a recovered panic makes choose return 0
	i := w.chooser.Choose(d)
	if i < 0 || i >= d.N {
		w.fail(&Failure{Kind: KindChooser, Message: fmt.Sprintf("chooser %T returned %d for a %s decision among %d", w.chooser, i, d.Kind, d.N)}, w.cur)
		i = 0
	}
	w.choices.add(Choice{Kind: d.Kind, N: d.N, Pick: i})
	return i
}

func (w *World) recoverChooser() {
	if p := recover(); p != nil {
		w.chooserPanic, w.chooserPanicked = p, true
		w.fail(&Failure{Kind: KindChooser, Message: fmt.Sprintf("chooser %T panicked: %v", w.chooser, p)}, w.cur)
	}
}

// fail records the first failure of the run; g is the goroutine at fault,
// if any.
func (w *World) fail(f *Failure, g *goroutine) {
	if w.failure != nil {
		return
	}
	f.Step, f.Time = w.step, w.now
	if g != nil {
		f.Goroutine = w.info(g)
	}
	if f.Kind == KindDeadlock || f.Kind == KindLeak {
		stacks := hostStacks()
		for _, b := range w.gs {
			if b.state == gBlocked {
				f.Waiting = append(f.Waiting, Waiting{Goroutine: w.info(b), On: w.describeBlock(b), Stack: stacks[b.hostID].stack})
			}
		}
		if len(f.Waiting) > 0 {
			f.Goroutine = f.Waiting[0].Goroutine
		}
	}
	f.Seed = w.opts.Seed
	w.failure = f
}

// unwind ends every goroutine still parked, in id order, so that their
// deferred calls run and the host process keeps none of them.
func (w *World) unwind() {
	w.unwinding = true
	for i := 0; i < len(w.gs); i++ { // unwinding may spawn more
		if g := w.gs[i]; g.state != gDone {
			w.cur = g
			g.stop()
			g.state = gDone
		}
	}
	w.cur = nil
}

func (w *World) result() *Result {
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
	if r.Failure != nil {
		r.Failure.Tail = w.tr.tail()
	}
	return r
}

// blockedResult is built by the watchdog while the world is stuck; it
// reads only what the watchdog may read.
func (w *World) blockedResult(stuck time.Duration) *Result {
	f := &Failure{Kind: KindBlocked, Seed: w.opts.Seed}
	// Parked world goroutines show as "coroutine" in a stack dump; the one
	// that is not parked is the one stuck outside the kit.
	w.hostsMu.Lock()
	defer w.hostsMu.Unlock()
	stacks := hostStacks()
	ids := make([]uint64, 0, len(w.hosts))
	for id := range w.hosts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if st, ok := stacks[id]; ok && st.status != "coroutine" {
			f.Goroutine, f.Stack = w.hosts[id], st.stack
			break
		}
	}
	f.Message = fmt.Sprintf("goroutine ran %v of wall-clock time without reaching a kit operation: it is blocked outside the kit (a raw channel, sync primitive, time.Sleep or I/O), which the world cannot schedule; the world was abandoned", stuck.Round(time.Millisecond))
	return &Result{Failure: f}
}

func (w *World) info(g *goroutine) GoroutineInfo {
	return GoroutineInfo{ID: g.id, Name: g.name, SpawnSite: g.spawnAt.site()}
}

// spawnStack is where a goroutine was started: the caller of Runtime.Go
// and a few frames above it.
type spawnStack [6]uintptr

// site is the first frame outside functions named Go: the line that asked
// for the goroutine, past helpers such as WaitGroup.Go.
func (s spawnStack) site() string {
	frames := runtime.CallersFrames(s[:])
	var first string
	for {
		fr, more := frames.Next()
		if fr.PC == 0 {
			break
		}
		at := fmt.Sprintf("%s:%d", fr.File, fr.Line)
		if first == "" {
			first = at
		}
		if !strings.HasSuffix(fr.Function, ".Go") {
			return at
		}
		if !more {
			break
		}
	}
	if first == "" {
		return "?"
	}
	return first
}

// plainError is a runtime-style panic value, so that a world's panics read
// like Go's own ("send on closed channel").
type plainError string

func (e plainError) Error() string { return string(e) }

// choiceLog records a run's choices packed in a word each, in fixed-size
// chunks: appending never copies what is already there and writes no
// pointer, and a run of millions of decisions takes little memory.
type choiceLog struct {
	full [][]uint64
	cur  []uint64 // len choiceChunk once allocated
	n    int      // used in cur
}

const choiceChunk = 8192

// A packed choice: kind in the top 2 bits, then N and Pick in 31 bits each.
// Larger decisions than 2^31 alternatives do not exist in practice.
func packChoice(c Choice) uint64 {
	return uint64(c.Kind)<<62 | uint64(uint32(c.N)&0x7fffffff)<<31 | uint64(uint32(c.Pick)&0x7fffffff)
}

func unpackChoice(v uint64) Choice {
	return Choice{Kind: DecisionKind(v >> 62), N: int(v >> 31 & 0x7fffffff), Pick: int(v & 0x7fffffff)}
}

func (l *choiceLog) add(c Choice) {
	if l.n == len(l.cur) {
		if l.cur != nil {
			l.full = append(l.full, l.cur)
		}
		l.cur, l.n = make([]uint64, choiceChunk), 0
	}
	l.cur[l.n] = packChoice(c)
	l.n++
}

func (l *choiceLog) all() []Choice {
	out := make([]Choice, 0, len(l.full)*choiceChunk+l.n)
	for _, c := range l.full {
		for _, v := range c {
			out = append(out, unpackChoice(v))
		}
	}
	for _, v := range l.cur[:l.n] {
		out = append(out, unpackChoice(v))
	}
	return out
}
