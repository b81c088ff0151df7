// Go statements: the function value and the arguments are evaluated at
// the statement; constants and nil move into the closure.
package main

import (
	"fmt"
	"sync"
)

type server struct{ name string }

func (s *server) run(done chan<- string, n int64) { done <- fmt.Sprint(s.name, n) }

func sum(done chan<- string, xs ...int) {
	t := 0
	for _, x := range xs {
		t += x
	}
	done <- fmt.Sprint("sum ", t)
}

func pick[T any](done chan<- string, v T) { done <- fmt.Sprint("pick ", v) }

func describe(done chan<- string, err error, p *int) { done <- fmt.Sprint(err, p == nil) }

func main() {
	done := make(chan string)
	s := &server{name: "a"}
	go s.run(done, 7) // s.run is bound now
	s = &server{name: "b"}
	fmt.Println(<-done)

	i := 1
	go sum(done, i, 2, i+1)
	i = 10
	fmt.Println(<-done)

	xs := []int{1, 2, 3}
	go sum(done, xs...)
	fmt.Println(<-done)

	go pick(done, 42)
	fmt.Println(<-done)
	go pick[string](done, "x")
	fmt.Println(<-done)

	go describe(done, nil, nil)
	fmt.Println(<-done)

	f := func(v string) { done <- v }
	go f("closure")
	fmt.Println(<-done)

	go func() {
		done <- "literal"
	}()
	fmt.Println(<-done)

	go func(v int) {
		done <- fmt.Sprint("literal ", v)
	}(i)
	fmt.Println(<-done)

	ch := make(chan int)
	go close(ch)
	_, ok := <-ch
	fmt.Println("closed", !ok)

	var wg sync.WaitGroup
	wg.Add(1)
	go wg.Done()
	wg.Wait()

	var mu sync.Mutex
	mu.Lock()
	go mu.Unlock()
	mu.Lock()
	fmt.Println("locked twice")

	go sum(done,
		i,
		3)
	fmt.Println(<-done)
}
