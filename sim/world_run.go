package sim

import (
	"runtime"
	"time"
)

// Run runs body as the goroutine "main" of a new world and returns when
// the world is over: the body and every goroutine it started have
// finished, or a failure was found (see [Failure] for the kinds). Either
// way, every goroutine the world parked has been unwound, so the process
// leaks nothing, with one exception: a goroutine stuck outside the kit when
// the watchdog fires cannot be unwound, and the world is abandoned to it.
//
// Options that fail [Options.Validate] run nothing: the Result holds a
// KindOptions failure whose message names the field. Run keeps the one
// way of reporting that every caller already checks (Result.Failure),
// rather than a second return value or a panic.
func Run(opts Options, body func(rt Runtime)) *Result {
	if err := opts.Validate(); err != nil {
		return &Result{Failure: &Failure{Kind: KindOptions, Message: err.Error(), Seed: opts.Seed}}
	}
	opts.fill()
	w := &world{opts: opts, chooser: opts.Chooser, hosts: map[int]*goroutine{}}
	w.walk, _ = opts.Chooser.(*randomWalk)
	w.tr.init(opts.TraceTail, opts.KeepTrace)
	w.tr.pcs = opts.CallerPCs
	at := callerStack(getfp())
	done := make(chan *Result, 1)
	w.goroutinesBefore = runtime.NumGoroutine()
	worldsLive.Add(1)
	go func() {
		defer func() { done <- w.result() }()
		defer worldsLive.Add(-1)
		defer w.dropAdopted()
		defer w.ended.Store(true)
		defer w.unwind()
		w.loop(body, at)
	}()
	if opts.Watchdog < 0 {
		return w.finish(<-done)
	}
	tick := time.NewTicker(min(opts.Watchdog/8, intrusionGrace/2))
	defer tick.Stop()
	last, since := w.progress.Load(), time.Now()
	var intruded time.Time // when the watchdog first saw an intrusion pending
	for {
		select {
		case r := <-done:
			return w.finish(r)
		case <-tick.C:
			// A goroutine the world did not start touched its state (an
			// untouched package's, see CurrentFor): the world fails it at
			// its next scheduling point. One that does not come within
			// intrusionGrace means the world is blocked outside the kit,
			// most likely on that same package's native wait: say so now,
			// not after the whole watchdog period.
			if w.intrusion.Load() != nil {
				if intruded.IsZero() {
					intruded = time.Now()
				} else if time.Since(intruded) >= intrusionGrace {
					w.abandoned.Store(true)
					return w.intrudedResult(time.Since(since))
				}
			}
			if p := w.progress.Load(); p != last {
				last, since = p, time.Now()
				continue
			}
			stuck := time.Since(since)
			if stuck >= opts.Watchdog || stuck >= opts.Watchdog/parkedShare && w.stuckParked() {
				w.abandoned.Store(true)
				return w.blockedResult(stuck)
			}
		}
	}
}

func (w *world) finish(r *Result) *Result {
	if w.chooserPanicked {
		panic(w.chooserPanic)
	}
	return r
}

// loop runs the world from the host goroutine until it is over.
func (w *world) loop(body func(Runtime), at spawnStack) {
	w.spawn("main", func() { body(w) }, at)
	w.schedule(nil)
}
