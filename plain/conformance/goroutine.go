package conformance

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// initValue is set by a goroutine that init starts; initDone is closed
// after it, so a receive from initDone (repeatable, since it is closed) makes
// the value visible.
var (
	initValue string
	initDone  = make(chan struct{})
)

func init() {
	go func() {
		initValue = "set by a goroutine started in init"
		close(initDone)
	}()
}

func goroutineStartedInInit() []string {
	var t transcript
	<-initDone
	t.add("%s", initValue)
	return t
}

type server struct{ name string }

func (s *server) run(out chan<- string)     { out <- "pointer receiver " + s.name }
func (s server) runValue(out chan<- string) { out <- "value receiver " + s.name }

// go s.run() evaluates s (the receiver) at the go statement.
func goMethodValue() []string {
	var t transcript
	out := make(chan string)
	s := &server{name: "first"}
	go s.run(out)
	s = &server{name: "second"}
	t.add("%s", <-out)
	f := s.run
	s = &server{name: "third"}
	go f(out)
	t.add("%s", <-out)
	return t
}

// A value receiver is copied at the go statement.
func goValueReceiver() []string {
	var t transcript
	out := make(chan string)
	v := server{name: "before"}
	go v.runValue(out)
	v.name = "after"
	t.add("%s", <-out)
	return t
}

// Arguments, including calls, are evaluated in the calling goroutine at
// the go statement; the function value too.
func goArgsEvaluated() []string {
	var t transcript
	out := make(chan string)
	x := 1
	arg := func() int {
		t.add("argument evaluated")
		return 10
	}
	report := func(a, b int) { out <- fmt.Sprintf("got %d %d", a, b) }
	go report(x, arg())
	t.add("after go statement")
	x = 2
	t.add("%s", <-out)
	fn := func(a, b int) { out <- fmt.Sprintf("first function %d %d", a, b) }
	go fn(x, 3)
	fn = func(int, int) { out <- "second function" }
	t.add("%s", <-out)
	_ = fn
	return t
}

// runtime.Goexit ends only its goroutine, after its deferred calls (which
// may block and synchronize), as golang.org/x/sync's singleflight relies
// on: a function that calls Goexit is told apart from one that returns.
func goexitRunsDefers() []string {
	var t transcript
	var mu sync.Mutex
	results := make(chan string, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			normal := false
			defer func() {
				mu.Lock()
				defer mu.Unlock()
				if normal {
					results <- fmt.Sprintf("%d returned", i)
				} else {
					results <- fmt.Sprintf("%d exited", i)
				}
			}()
			if i != 1 {
				runtime.Goexit()
			}
			normal = true
		}()
	}
	wg.Wait()
	close(results)
	var got []string
	for r := range results {
		got = append(got, r)
	}
	slices.Sort(got)
	for _, r := range got {
		t.add("%s", r)
	}
	return t
}
