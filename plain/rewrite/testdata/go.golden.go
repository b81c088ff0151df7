//line go.input.go:1
// Go statements: the function value and the arguments are evaluated at
// the statement; constants and nil move into the closure.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"fmt"
	"sync"
)

type server struct{ name string }

func (s *server) run(done chan<- string, n int64) { execsim_plain.Send(done, fmt.Sprint(s.name, n)) }

func sum(done chan<- string, xs ...int) {
	t := 0
	for _, x := range xs {
		t += x
	}
	execsim_plain.Send(done, fmt.Sprint("sum ", t))
}

func pick[T any](done chan<- string, v T) { execsim_plain.Send(done, fmt.Sprint("pick ", v)) }

func describe(done chan<- string, err error, p *int) { execsim_plain.Send(done, fmt.Sprint(err, p == nil)) }

func main() {
	done := make(chan string)
	s := &server{name: "a"}
	{ execsim_f, execsim_a0 := s.run, done; execsim_plain.Go(func() { execsim_f(execsim_a0, 7) }) } // s.run is bound now
	s = &server{name: "b"}
	fmt.Println(execsim_plain.Recv(done))

	i := 1
	{ execsim_a0, execsim_a1, execsim_a2 := done, i, i+1; execsim_plain.Go(func() { sum(execsim_a0, execsim_a1, 2, execsim_a2) }) }
	i = 10
	fmt.Println(execsim_plain.Recv(done))

	xs := []int{1, 2, 3}
	{ execsim_a0, execsim_a1 := done, xs; execsim_plain.Go(func() { sum(execsim_a0, execsim_a1...) }) }
	fmt.Println(execsim_plain.Recv(done))

	{ execsim_a0 := done; execsim_plain.Go(func() { pick(execsim_a0, 42) }) }
	fmt.Println(execsim_plain.Recv(done))
	{ execsim_a0 := done; execsim_plain.Go(func() { pick[string](execsim_a0, "x") }) }
	fmt.Println(execsim_plain.Recv(done))

	{ execsim_a0 := done; execsim_plain.Go(func() { describe(execsim_a0, nil, nil) }) }
	fmt.Println(execsim_plain.Recv(done))

	f := func(v string) { execsim_plain.Send(done, v) }
	{ execsim_f := f; execsim_plain.Go(func() { execsim_f("closure") }) }
	fmt.Println(execsim_plain.Recv(done))

	execsim_plain.Go(func() {
		execsim_plain.Send(done, "literal")
	})
	fmt.Println(execsim_plain.Recv(done))

	{ execsim_f, execsim_a0 := func(v int) {
		execsim_plain.Send(done, fmt.Sprint("literal ", v))
	}, i; execsim_plain.Go(func() { execsim_f(execsim_a0) }) }
	fmt.Println(execsim_plain.Recv(done))

	ch := make(chan int)
	{ execsim_a0 := ch; execsim_plain.Go(func() { execsim_plain.Close(execsim_a0) }) }
	_, ok := execsim_plain.Recv2(ch)
	fmt.Println("closed", !ok)

	var wg sync.WaitGroup
	execsim_plain.WaitAdd(&wg, 1)
	{ execsim_a0 := &wg; execsim_plain.Go(func() { execsim_plain.WaitDone(execsim_a0) }) }
	execsim_plain.WaitWait(&wg)

	var mu sync.Mutex
	execsim_plain.Lock(&mu)
	{ execsim_a0 := &mu; execsim_plain.Go(func() { execsim_plain.Unlock(execsim_a0) }) }
	execsim_plain.Lock(&mu)
	fmt.Println("locked twice")

	{ execsim_a0, execsim_a1 := done, /*line go.input.go:81:3*/i; execsim_plain.Go(func() { /*line go.input.go:80:5*/sum(execsim_a0, execsim_a1, /*line go.input.go:82:3*/3) }) }
	fmt.Println(execsim_plain.Recv(done))
}
