// What is left as it was, with a note: method expressions, a select that goto
// and break both target, channel operations on type parameters; an
// embedded mutex reached through an unexported field of another package
// is covered by the compile of real packages.
package main

import (
	"fmt"
	"sync"
)

func generic[C ~chan int](c C) {
	c <- 1
	<-c
	close(c)
	for range c {
	}
}

func main() {
	var mu sync.Mutex
	unlock := mu.Unlock
	mu.Lock()
	unlock()
	lock := (*sync.Mutex).Lock
	lock(&mu)
	mu.Unlock()
	ch := make(chan int, 1)
	i := 0
again:
	select {
	case ch <- i:
		i++
		if i < 2 {
			<-ch
			goto again
		}
		break again
	}
	fmt.Println(i)
	generic(make(chan int, 1))
}

type flag bool

// namedOK receives with ok into a bool of a named type: Go's ok is
// untyped, plain.Recv2's a bool, so the receive is left as it was.
func namedOK() {
	ch := make(chan int, 1)
	ch <- 1
	var v int
	var ok flag
	v, ok = <-ch
	fmt.Println(v, ok)
	ch <- 2
	v, _ = <-ch // a blank ok: rewritten
	fmt.Println(v)
}
