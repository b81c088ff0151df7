package sim

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestConformanceTime(t *testing.T) { runConformance(t, timePrograms) }

func TestConformanceContext(t *testing.T) { runConformance(t, contextPrograms) }

var timePrograms = []program{
	{
		name: "sleepers wake in order of their deadlines",
		run: func(rt Runtime) any {
			order := NewChan[int](rt, 3)
			wg := rt.NewWaitGroup()
			for _, k := range []int{3, 1, 2} {
				wg.Go(words("sleeper", k), func() {
					rt.Sleep(time.Duration(k) * gap)
					order.Send(k)
				})
			}
			wg.Wait()
			order.Close()
			return words(recvAll(order))
		},
		want: "[1 2 3]",
	},
	{
		name: "Sleep lasts at least d; Sleep(0) and negative return",
		run: func(rt Runtime) any {
			start := rt.Now()
			rt.Sleep(0)
			rt.Sleep(-time.Second)
			rt.Sleep(gap)
			return rt.Now().Sub(start) >= gap
		},
		want: true,
	},
	{
		name: "After delivers a time at least d later",
		run: func(rt Runtime) any {
			start := rt.Now()
			v, ok := rt.After(gap).Recv()
			return words(ok, v.Sub(start) >= gap)
		},
		want: "true true",
	},
	{
		name: "Stop before fire: true, then nothing is received",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(gap)
			first := tm.Stop()
			rt.Sleep(2 * gap)
			_, _, ready := tm.C.TryRecv()
			return words(first, ready, tm.Stop())
		},
		want: "true false false",
	},
	{
		name: "Stop after the value was received: false",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(gap)
			_, ok := tm.C.Recv()
			return words(ok, tm.Stop())
		},
		want: "true false",
	},
	{
		// Go 1.23 timer channels are synchronous: a timer whose value was
		// never received is still pending, so Stop reports true and drops
		// the value.
		name: "Stop after fire, value not received: true, and no stale value",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(gap)
			rt.Sleep(2 * gap)
			stopped := tm.Stop()
			_, _, ready := tm.C.TryRecv()
			return words(stopped, ready)
		},
		want: "true false",
	},
	{
		name: "Reset after fire, value not received: true, and no stale value",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(gap)
			rt.Sleep(2 * gap)
			reset := tm.Reset(time.Hour)
			_, _, ready := tm.C.TryRecv()
			return words(reset, ready, tm.Stop())
		},
		want: "true false true",
	},
	{
		name: "Reset of an active timer: true, fires once at the new time",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(time.Hour)
			start := rt.Now()
			active := tm.Reset(gap)
			v, ok := tm.C.Recv()
			rt.Sleep(gap)
			_, _, again := tm.C.TryRecv()
			return words(active, ok, v.Sub(start) >= gap, v.Sub(start) < time.Hour, again)
		},
		want: "true true true true false",
	},
	{
		name: "Reset after the value was received: false, then it fires again",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(gap)
			_, ok1 := tm.C.Recv()
			reset := tm.Reset(gap)
			_, ok2 := tm.C.Recv()
			return words(ok1, reset, ok2)
		},
		want: "true false true",
	},
	{
		name: "Reset after Stop: false, then the timer fires",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(time.Hour)
			stopped := tm.Stop()
			reset := tm.Reset(gap)
			_, ok := tm.C.Recv()
			return words(stopped, reset, ok, tm.Stop())
		},
		want: "true false true false",
	},
	{
		name: "NewTimer with a negative duration fires at once",
		run: func(rt Runtime) any {
			_, ok := rt.NewTimer(-time.Second).C.Recv()
			return ok
		},
		want: true,
	},
	{
		name: "select: the timer case fires when nothing else does",
		run: func(rt Runtime) any {
			never := NewChan[int](rt, 0)
			return rt.Select(never.RecvCase(nil, nil), rt.After(gap).RecvCase(nil, nil))
		},
		want: 1,
	},
	{
		// Go 1.23 timer channels present as unbuffered: len and cap are 0,
		// even with a value pending.
		name: "timer channel Len and Cap are 0",
		run: func(rt Runtime) any {
			tm := rt.NewTimer(0)
			rt.Sleep(gap)
			return words(tm.C.Len(), tm.C.Cap())
		},
		want: "0 0",
	},
}

type ctxKey struct{}

var contextPrograms = []program{
	{
		name: "WithTimeout: DoneCase proceeds, Err is DeadlineExceeded",
		run: func(rt Runtime) any {
			ctx, cancel := rt.WithTimeout(context.Background(), gap)
			defer cancel()
			_, hasDeadline := ctx.Deadline()
			before := ctx.Err()
			never := NewChan[int](rt, 0)
			i := rt.Select(never.RecvCase(nil, nil), DoneCase(ctx))
			cancel() // after the deadline: Err stays DeadlineExceeded
			return words(hasDeadline, before, i, ctx.Err(), errors.Is(ctx.Err(), context.DeadlineExceeded))
		},
		want: "true <nil> 1 context deadline exceeded true",
	},
	{
		name: "WithCancel: cancel from another goroutine wakes DoneCase",
		run: func(rt Runtime) any {
			ctx, cancel := rt.WithCancel(context.Background())
			rt.Go("canceller", cancel)
			i := rt.Select(DoneCase(ctx))
			closed := false
			select {
			case <-ctx.Done():
				closed = true
			default:
			}
			_, hasDeadline := ctx.Deadline()
			return words(i, ctx.Err(), closed, hasDeadline)
		},
		want: "0 context canceled true false",
	},
	{
		name: "cancelling the parent cancels the child",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithCancel(context.Background())
			child, cancelChild := rt.WithTimeout(parent, time.Hour)
			defer cancelChild()
			rt.Go("canceller", cancelParent)
			i := rt.Select(DoneCase(child))
			return words(i, child.Err(), parent.Err())
		},
		want: "0 context canceled context canceled",
	},
	{
		name: "cancelling the child leaves the parent alone",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithCancel(context.Background())
			defer cancelParent()
			child, cancelChild := rt.WithCancel(parent)
			cancelChild()
			i := rt.Select(DoneCase(parent), DoneCase(child))
			return words(i, child.Err(), parent.Err())
		},
		want: "1 context canceled <nil>",
	},
	{
		name: "a child inherits the parent's earlier deadline",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithTimeout(context.Background(), gap)
			defer cancelParent()
			child, cancelChild := rt.WithTimeout(parent, time.Hour)
			defer cancelChild()
			pd, _ := parent.Deadline()
			cd, ok := child.Deadline()
			rt.Select(DoneCase(child))
			return words(ok, cd.Equal(pd), child.Err())
		},
		want: "true true context deadline exceeded",
	},
	{
		name: "a child of a cancelled parent is done at once",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithCancel(context.Background())
			cancelParent()
			child, cancelChild := rt.WithCancel(parent)
			defer cancelChild()
			return words(child.Err(), rt.Select(DoneCase(child), DefaultCase()))
		},
		want: "context canceled 0",
	},
	{
		name: "WithDeadline in the past is done at once",
		run: func(rt Runtime) any {
			ctx, cancel := rt.WithDeadline(context.Background(), rt.Now().Add(-time.Second))
			defer cancel()
			return words(ctx.Err(), rt.Select(DoneCase(ctx), DefaultCase()))
		},
		want: "context deadline exceeded 0",
	},
	{
		name: "context.WithValue of a runtime context works with DoneCase",
		run: func(rt Runtime) any {
			ctx, cancel := rt.WithCancel(context.Background())
			vctx := context.WithValue(ctx, ctxKey{}, "v")
			before := rt.Select(DoneCase(vctx), DefaultCase())
			rt.Go("canceller", cancel)
			i := rt.Select(DoneCase(vctx))
			return words(before, i, vctx.Err(), vctx.Value(ctxKey{}))
		},
		want: "1 0 context canceled v",
	},
	{
		name: "a runtime context under a WithValue parent is cancelled with it",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithCancel(context.Background())
			child, cancelChild := rt.WithCancel(context.WithValue(parent, ctxKey{}, 1))
			defer cancelChild()
			rt.Go("canceller", cancelParent)
			i := rt.Select(DoneCase(child))
			return words(i, child.Err(), child.Value(ctxKey{}))
		},
		want: "0 context canceled 1",
	},
	{
		name: "a context-package child of a runtime context is cancelled at once",
		run: func(rt Runtime) any {
			parent, cancelParent := rt.WithCancel(context.Background())
			child, cancelChild := context.WithCancel(parent)
			defer cancelChild()
			cancelParent()
			return words(child.Err())
		},
		want: "context canceled",
	},
	{
		name: "DoneCase of Background never proceeds",
		run: func(rt Runtime) any {
			return rt.Select(DoneCase(context.Background()), DefaultCase())
		},
		want: 1,
	},
	{
		name: "select: a context deadline beats a later timer",
		run: func(rt Runtime) any {
			ctx, cancel := rt.WithTimeout(context.Background(), gap)
			defer cancel()
			return rt.Select(rt.After(3*gap).RecvCase(nil, nil), DoneCase(ctx))
		},
		want: 1,
	},
}
