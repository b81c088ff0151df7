// Channel operations: send, receive, receive with ok in every form, close,
// len and cap by direction, range over a channel.
package main

import (
	"errors"
	"fmt"
)

type myErr struct{}

func (myErr) Error() string { return "mine" }

func producer(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	fmt.Println("len", len(out), "cap", cap(out))
	close(out)
}

func main() {
	ch := make(chan int, 3)
	producer(ch, 3)
	fmt.Println(len(ch), cap(ch))
	for v := range ch {
		fmt.Println("got", v)
	}
	v, ok := <-ch
	fmt.Println(v, ok)
	var w int
	w, ok = <-ch
	fmt.Println(w, ok)
	var x, ok2 = <-ch
	fmt.Println(x, ok2)

	chch := make(chan chan int, 1)
	inner := make(chan int, 1)
	inner <- 5
	chch <- inner
	fmt.Println(<-<-chch)

	other := make(chan int, 1)
	out := make(chan int, 1)
	other <- 9
	out <- <-other
	fmt.Println(<-out)

	errc := make(chan error, 3)
	errc <- myErr{}
	errc <- errors.New("plain")
	errc <- nil
	fmt.Println(<-errc, <-errc, <-errc)

	anyc := make(chan any, 2)
	n := 3
	anyc <- n
	anyc <- "s"
	fmt.Println(<-anyc, <-anyc)

	c2 := make(chan int, 2)
	c2 <- 1
	c2 <- 2
	close(c2)
	for range c2 {
		fmt.Println("tick")
	}
	c3 := make(chan int, 1)
	c3 <- 4
	close(c3)
	var last int
	for last = range c3 {
	}
	fmt.Println("last", last)

	var ro <-chan int = ch
	fmt.Println(len(ro), cap(ro))
	s := []int{1, 2}
	fmt.Println(len(s))
	for i := range 2 {
		fmt.Println(i)
	}
}
