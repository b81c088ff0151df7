//line chan.input.go:1
// Channel operations: send, receive, receive with ok in every form, close,
// len and cap by direction, range over a channel.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"errors"
	"fmt"
)

type myErr struct{}

func (myErr) Error() string { return "mine" }

func producer(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		execsim_plain.Send(out, i)
	}
	fmt.Println("len", execsim_plain.LenSend(out), "cap", execsim_plain.CapSend(out))
	execsim_plain.Close(out)
}

func main() {
	ch := make(chan int, 3)
	producer(ch, 3)
	fmt.Println(execsim_plain.Len(ch), execsim_plain.Cap(ch))
	for v := range execsim_plain.Range(ch) {
		fmt.Println("got", v)
	}
	v, ok := execsim_plain.Recv2(ch)
	fmt.Println(v, ok)
	var w int
	w, ok = execsim_plain.Recv2(ch)
	fmt.Println(w, ok)
	var x, ok2 = execsim_plain.Recv2(ch)
	fmt.Println(x, ok2)

	chch := make(chan chan int, 1)
	inner := make(chan int, 1)
	execsim_plain.Send(inner, 5)
	execsim_plain.Send(chch, inner)
	fmt.Println(execsim_plain.Recv(execsim_plain.Recv(chch)))

	other := make(chan int, 1)
	out := make(chan int, 1)
	execsim_plain.Send(other, 9)
	execsim_plain.Send(out, execsim_plain.Recv(other))
	fmt.Println(execsim_plain.Recv(out))

	errc := make(chan error, 3)
	execsim_plain.Send[error](errc, myErr{})
	execsim_plain.Send(errc, errors.New("plain"))
	execsim_plain.Send(errc, nil)
	fmt.Println(execsim_plain.Recv(errc), execsim_plain.Recv(errc), execsim_plain.Recv(errc))

	anyc := make(chan any, 2)
	n := 3
	execsim_plain.Send[any](anyc, n)
	execsim_plain.Send(anyc, "s")
	fmt.Println(execsim_plain.Recv(anyc), execsim_plain.Recv(anyc))

	c2 := make(chan int, 2)
	execsim_plain.Send(c2, 1)
	execsim_plain.Send(c2, 2)
	execsim_plain.Close(c2)
	for range execsim_plain.Range(c2) {
		fmt.Println("tick")
	}
	c3 := make(chan int, 1)
	execsim_plain.Send(c3, 4)
	execsim_plain.Close(c3)
	var last int
	for last = range execsim_plain.Range(c3) {
	}
	fmt.Println("last", last)

	var ro <-chan int = ch
	fmt.Println(execsim_plain.Len(ro), execsim_plain.Cap(ro))
	s := []int{1, 2}
	fmt.Println(len(s))
	for i := range 2 {
		fmt.Println(i)
	}
}
