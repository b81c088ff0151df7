// Corners: go statements of calls plain rewrites, named channel types,
// values of another type sent on a channel of an interface, operations
// spread over lines, a goto-only label on a select, mutexes reached
// through embedded structs, slices, calls and pointers.
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"
)

type C chan int

type inner struct{ sync.Mutex }

type outer struct {
	inner
	n int
}

type named struct{ s string }

func (n named) String() string { return n.s }

type stringer interface{ String() string }

type service struct{ handler func(int) }

var global sync.Mutex

func mk[T any](T) chan T { return make(chan T, 1) }

func pass(v int) int { return v }

func same(c chan int) chan int { return c }

func get() *sync.Mutex { return &global }

func main() {
	var wg sync.WaitGroup
	var n int64
	wg.Add(2)
	go atomic.AddInt64(&n, 1)
	var hits atomic.Int32
	go hits.Add(1)
	go time.Sleep(time.Millisecond)
	go wg.Done()
	go wg.Done()
	wg.Wait()

	c := make(C, 2)
	c <- 1
	fmt.Println(len(c), cap(c), <-c)
	close(c)
	for range c {
	}
	var ic chan stringer = make(chan stringer, 2)
	ic <- named{"x"}
	select {
	case ic <- named{"y"}:
	}
	fmt.Println(<-ic, <-ic)
	fc := mk(os.DirFS("."))
	fc <- fstest.MapFS{}
	fmt.Println(len(fc))

	done := make(chan int, 1)
	svc := service{handler: func(v int) { done <- v }}
	go svc.handler(3)
	fmt.Println(<-done)

	big := make(chan int, 1)
	big <- pass(
		4,
	)
	if v := <-big; v > 0 {
		fmt.Println("v", v)
	}
	big <- 5
	select {
	case v := <-same(
		big,
	):
		fmt.Println("spread", v)
	}

	tries := 0
retry:
	select {
	case v := <-big:
		fmt.Println("never", v)
	default:
		tries++
		if tries < 3 {
			goto retry
		}
	}
	fmt.Println("tries", tries)

	var o outer
	o.Lock()
	o.n++
	o.Unlock()
	mus := make([]sync.Mutex, 2)
	mus[1].Lock()
	mus[1].Unlock()
	get().Lock()
	p := get()
	(*p).Unlock()
	fmt.Println("done", o.n, atomic.LoadInt64(&n))
}
