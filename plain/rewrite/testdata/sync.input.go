// sync by type: mutexes by value, by pointer and embedded (value and
// pointer), RWMutex, Locker, WaitGroup with Go, Once, Cond; a user type
// with a Lock method is not a mutex; method values.
package main

import (
	"fmt"
	"sync"
)

type counter struct {
	sync.Mutex
	n int
}

type shared struct {
	*sync.RWMutex
	m map[string]int
}

type fake struct{ locked bool }

func (f *fake) Lock() { f.locked = true }

type holder struct {
	mu sync.Mutex
}

func main() {
	var mu sync.Mutex
	mu.Lock()
	fmt.Println("try", mu.TryLock())
	mu.Unlock()

	c := &counter{}
	c.Lock()
	c.n++
	c.Unlock()
	var cv counter
	cv.Lock()
	cv.Unlock()
	h := holder{}
	h.mu.Lock()
	defer h.mu.Unlock()

	s := shared{RWMutex: &sync.RWMutex{}, m: map[string]int{}}
	s.Lock()
	s.m["a"] = 1
	s.Unlock()
	s.RLock()
	fmt.Println(s.m["a"], s.TryRLock())
	s.RUnlock()
	s.RUnlock()
	fmt.Println(s.TryLock())
	s.Unlock()

	var l sync.Locker = &mu
	l.Lock()
	l.Unlock()
	rl := s.RLocker()
	rl.Lock()
	rl.Unlock()

	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = i * i
		}()
	}
	wg.Go(func() {})
	wg.Wait()
	fmt.Println(results)

	var once sync.Once
	for range 2 {
		once.Do(func() { fmt.Println("once") })
	}
	f := sync.OnceValue(func() int { return 7 })
	fmt.Println(f(), f())

	cond := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		cond.Broadcast()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		cond.Wait()
	}
	cond.Signal()
	mu.Unlock()
	fmt.Println("ready", c.n)

	var fk fake
	fk.Lock()
	fmt.Println(fk.locked)
	(&mu).Lock()
	p := &mu
	p.Unlock()

	pool := sync.Pool{New: func() any { return new(int) }}
	n := pool.Get().(*int)
	*n = 5 // set before use: what Get gives is not fixed
	fmt.Println("pooled", *n)
	pool.Put(n)
	pp := &pool
	m := pp.Get().(*int)
	*m = 6
	fmt.Println("pooled again", *m)
	pp.Put(m)

	// Method values: bound where they are taken, called later.
	lock, unlock := mu.Lock, p.Unlock
	lock()
	unlock()
	cl, cu := c.Lock, c.Unlock // embedded
	cl()
	c.n++
	cu()
	var locker sync.Locker = &mu
	ll := locker.Lock
	ll()
	locker.Unlock()
	try := mu.TryLock
	fmt.Println("try", try(), try())
	mu.Unlock()
	var wg2 sync.WaitGroup
	add, done := wg2.Add, wg2.Done
	add(2)
	go done()
	go done()
	wg2.Wait()
	var once2 sync.Once
	do := once2.Do
	do(func() { fmt.Println("once by value") })
	do(func() { fmt.Println("twice by value") })
	fmt.Println("method values", c.n)
}
