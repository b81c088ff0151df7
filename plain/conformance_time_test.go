package plain

import (
	"context"
	"errors"
	"testing"
	"time"
)

// initTime is read from the real clock at package init, as code keeps its
// start time (var start = time.Now()): in a world, Since and Until measure
// from it as from the world's start.
var initTime = time.Now()

func TestConformanceTime(t *testing.T) {
	runConformance(t, []program{
		{name: "sleep and since", want: true, run: func() any {
			start := Now()
			Sleep(gap)
			return Since(start) >= gap && Until(start) <= -gap
		}},
		{name: "since a time read at init", want: true, run: func() any {
			Sleep(gap)
			return Since(initTime) >= gap && Until(initTime) <= -gap
		}},
		{name: "after", want: true, run: func() any {
			start := Now()
			v := Recv(After(gap))
			return !v.Before(start.Add(gap))
		}},
		{name: "timer stop before fire", want: words(true, false, "none"), run: func() any {
			tm := NewTimer(time.Hour)
			a := TimerStop(tm)
			b := TimerStop(tm)
			c0 := RecvCase(tm.C)
			if Select(c0, Default()) == 0 {
				return words(a, b, "stale")
			}
			return words(a, b, "none")
		}},
		{name: "reset on fired undrained timer", want: words(true, "none", true), run: func() any {
			tm := NewTimer(time.Millisecond)
			Sleep(gap) // it fires; nobody receives
			active := TimerReset(tm, time.Hour)
			c0 := RecvCase(tm.C)
			stale := "none"
			if Select(c0, Default()) == 0 {
				stale = "stale"
			}
			return words(active, stale, TimerStop(tm))
		}},
		{name: "timer len and cap read 0", want: words(0, 0), run: func() any {
			tm := NewTimer(time.Millisecond)
			Sleep(gap)
			defer TimerStop(tm)
			return words(Len(tm.C), Cap(tm.C))
		}},
		{name: "reset then receive", want: true, run: func() any {
			tm := NewTimer(time.Hour)
			start := Now()
			TimerReset(tm, gap)
			v := Recv(tm.C)
			return !v.Before(start.Add(gap))
		}},
		{name: "ticker ticks, reset, stop", want: words(3, true, "none"), run: func() any {
			tk := NewTicker(gap)
			prev := Now()
			ordered := true
			for range 3 {
				v := Recv(tk.C)
				ordered = ordered && v.After(prev)
				prev = v
			}
			TickerReset(tk, 2*gap)
			v := Recv(tk.C)
			ordered = ordered && !v.Before(prev.Add(2*gap))
			TickerStop(tk)
			c0 := RecvCase(tk.C)
			left := "none"
			if Select(c0, Default()) == 0 {
				left = "tick after stop"
			}
			return words(3, ordered, left)
		}},
		{name: "afterfunc calls into the world", want: words(42, false), run: func() any {
			ch := make(chan int)
			tm := AfterFunc(gap, func() { Send(ch, 42) })
			v := Recv(ch)
			return words(v, TimerStop(tm))
		}},
		{name: "afterfunc stopped", want: words(true, "not run"), run: func() any {
			ran := make(chan bool, 1)
			tm := AfterFunc(gap, func() { Send(ran, true) })
			stopped := TimerStop(tm)
			Sleep(2 * gap)
			c0 := RecvCase(ran)
			if Select(c0, Default()) == 0 {
				return words(stopped, "ran")
			}
			return words(stopped, "not run")
		}},
		{name: "tick of non-positive is nil", want: true, run: func() any {
			return Tick(0) == nil
		}},
	})
}

var errCause = errors.New("the cause")

func TestConformanceContext(t *testing.T) {
	runConformance(t, []program{
		{name: "cancel wakes a receiver of done", want: words("done", context.Canceled), run: func() any {
			ctx, cancel := WithCancel(context.Background())
			res := make(chan string)
			Go(func() { Recv(ctx.Done()); Send(res, "done") })
			Sleep(gap)
			cancel()
			return words(Recv(res), ctx.Err())
		}},
		{name: "timeout in a select", want: words("deadline", context.DeadlineExceeded), run: func() any {
			ctx, cancel := WithTimeout(context.Background(), gap)
			defer cancel()
			never := make(chan int)
			c0, c1 := RecvCase(never), RecvCase(ctx.Done())
			if Select(c0, c1) == 1 {
				return words("deadline", ctx.Err())
			}
			return "never"
		}},
		{name: "deadline child of cancel", want: words(context.Canceled, context.Canceled), run: func() any {
			parent, cancel := WithCancel(context.Background())
			child, cancel2 := WithDeadline(parent, Now().Add(time.Hour))
			defer cancel2()
			cancel()
			Recv(child.Done())
			return words(parent.Err(), child.Err())
		}},
		{name: "cancel cause", want: words(context.Canceled, errCause, errCause), run: func() any {
			ctx, cancel := WithCancelCause(context.Background())
			child, cancel2 := WithCancel(ctx)
			defer cancel2()
			cancel(errCause)
			Recv(child.Done())
			return words(ctx.Err(), Cause(ctx), Cause(child))
		}},
		{name: "cause is nil before cancel, err without cause", want: words(nil, context.Canceled), run: func() any {
			ctx, cancel := WithCancelCause(context.Background())
			before := Cause(ctx)
			cancel(nil)
			return words(before, Cause(ctx))
		}},
		{name: "timeout cause", want: words(context.DeadlineExceeded, errCause), run: func() any {
			ctx, cancel := WithTimeoutCause(context.Background(), gap, errCause)
			defer cancel()
			Recv(ctx.Done())
			return words(ctx.Err(), Cause(ctx))
		}},
		{name: "deadline cause, cancelled first", want: words(context.Canceled, context.Canceled), run: func() any {
			ctx, cancel := WithDeadlineCause(context.Background(), Now().Add(time.Hour), errCause)
			cancel()
			return words(ctx.Err(), Cause(ctx))
		}},
		{name: "context afterfunc runs in its own goroutine", want: words(true, false), run: func() any {
			ctx, cancel := WithCancel(context.Background())
			ran := make(chan bool)
			stop := ContextAfterFunc(ctx, func() { Send(ran, true) })
			cancel() // f must not run in cancel's goroutine: it would block here
			return words(Recv(ran), stop())
		}},
		{name: "context afterfunc stopped", want: words(true, nil), run: func() any {
			ctx, cancel := WithCancel(context.Background())
			stop := ContextAfterFunc(ctx, func() { panic("ran") })
			stopped := stop()
			cancel()
			Sleep(gap)
			return words(stopped, nil)
		}},
		{name: "value context over a world context", want: words("v", context.Canceled), run: func() any {
			type key struct{}
			ctx, cancel := WithCancel(context.Background())
			vctx := context.WithValue(ctx, key{}, "v")
			cancel()
			Recv(vctx.Done())
			return words(vctx.Value(key{}), vctx.Err())
		}},
	})
}
