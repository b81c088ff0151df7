package conformance

import (
	"context"
	"errors"
	"time"
)

func contextCancelPropagation() []string {
	var t transcript
	root, cancelRoot := context.WithCancel(context.Background())
	child, cancelChild := context.WithCancel(root)
	defer cancelChild()
	grandchild, cancelGrandchild := context.WithTimeout(child, time.Hour)
	defer cancelGrandchild()
	sibling, cancelSibling := context.WithCancel(root)
	cancelSibling()
	t.add("sibling canceled alone: root %v child %v", root.Err(), child.Err())
	cancelRoot()
	<-grandchild.Done()
	t.add("after root cancel: child %v grandchild %v", child.Err(), grandchild.Err())
	t.add("sibling %v", sibling.Err())
	return t
}

func contextCause() []string {
	var t transcript
	errStop := errors.New("stopped by test")
	ctx, cancel := context.WithCancelCause(context.Background())
	child, cancelChild := context.WithCancel(ctx)
	defer cancelChild()
	t.add("before: err %v cause %v", ctx.Err(), context.Cause(ctx))
	cancel(errStop)
	cancel(errors.New("second cause ignored"))
	t.add("after: err %v cause %v child cause %v", ctx.Err(), context.Cause(ctx), context.Cause(child))
	plain, cancelPlain := context.WithCancelCause(context.Background())
	cancelPlain(nil)
	t.add("nil cause is Canceled: %v", context.Cause(plain))
	tctx, cancelT := context.WithTimeoutCause(context.Background(), tick, errStop)
	defer cancelT()
	<-tctx.Done()
	t.add("timeout cause: err %v cause %v", tctx.Err(), context.Cause(tctx))
	return t
}

func contextTimeoutExpiry() []string {
	var t transcript
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*tick)
	defer cancel()
	_, has := ctx.Deadline()
	t.add("has deadline %v err before %v", has, ctx.Err())
	<-ctx.Done()
	t.add("err %v, is DeadlineExceeded %v, elapsed>=2ms %v", ctx.Err(), errors.Is(ctx.Err(), context.DeadlineExceeded), time.Since(start) >= 2*tick)
	cancel()
	t.add("cancel after expiry keeps %v", ctx.Err())
	return t
}

func contextDeadline() []string {
	var t transcript
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	t.add("deadline in the past: %v", past.Err())
	d := time.Now().Add(time.Hour)
	parent, cancelP := context.WithDeadline(context.Background(), d)
	defer cancelP()
	child, cancelC := context.WithTimeout(parent, 2*time.Hour)
	defer cancelC()
	cd, _ := child.Deadline()
	t.add("child keeps the earlier deadline: %v", cd.Equal(d))
	return t
}

func contextAfterFunc() []string {
	var t transcript
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error)
	stop := context.AfterFunc(ctx, func() { ran <- ctx.Err() })
	cancel()
	t.add("f ran after cancel, saw %v", <-ran)
	t.add("stop after f started: %v", stop())
	return t
}

func contextAfterFuncStop() []string {
	var t transcript
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{}, 1)
	stop := context.AfterFunc(ctx, func() { ran <- struct{}{} })
	t.add("stop before cancel: %v", stop())
	t.add("stop again: %v", stop())
	cancel()
	select {
	case <-ran:
		t.add("f ran")
	default:
		t.add("f did not run")
	}
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	late := make(chan struct{})
	context.AfterFunc(done, func() { close(late) })
	<-late
	t.add("AfterFunc on a done context runs f")
	return t
}

func contextWithoutCancel() []string {
	var t transcript
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	detached := context.WithoutCancel(parent)
	cancel()
	t.add("parent %v detached %v done-nil %v value %v", parent.Err(), detached.Err(), detached.Done() == nil, detached.Value(key{}))
	return t
}

func contextDoneInSelect() []string {
	var t transcript
	ctx, cancel := context.WithCancel(context.Background())
	work := make(chan int)
	check := func() {
		select {
		case <-ctx.Done():
			t.add("done: %v", ctx.Err())
		case v := <-work:
			t.add("work %d", v)
		default:
			t.add("nothing yet")
		}
	}
	check()
	go func() { work <- 1 }()
	select {
	case <-ctx.Done():
		t.add("done early")
	case v := <-work:
		t.add("work %d", v)
	}
	cancel()
	check()
	stopped := make(chan string)
	go func() {
		select {
		case <-ctx.Done():
			stopped <- "worker saw Done"
		case <-work:
			stopped <- "worker got work"
		}
	}()
	t.add("%s", <-stopped)
	return t
}
