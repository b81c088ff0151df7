//line sync.input.go:1
// sync by type: mutexes by value, by pointer and embedded (value and
// pointer), RWMutex, Locker, WaitGroup with Go, Once, Cond; a user type
// with a Lock method is not a mutex.
package main; import execsim_plain "github.com/execsim/execsim/plain"

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
	execsim_plain.Lock(&mu)
	fmt.Println("try", execsim_plain.TryLock(&mu))
	execsim_plain.Unlock(&mu)

	c := &counter{}
	execsim_plain.Lock(&c.Mutex)
	c.n++
	execsim_plain.Unlock(&c.Mutex)
	var cv counter
	execsim_plain.Lock(&cv.Mutex)
	execsim_plain.Unlock(&cv.Mutex)
	h := holder{}
	execsim_plain.Lock(&h.mu)
	defer execsim_plain.Unlock(&h.mu)

	s := shared{RWMutex: &sync.RWMutex{}, m: map[string]int{}}
	execsim_plain.RWLock(s.RWMutex)
	s.m["a"] = 1
	execsim_plain.RWUnlock(s.RWMutex)
	execsim_plain.RLock(s.RWMutex)
	fmt.Println(s.m["a"], execsim_plain.TryRLock(s.RWMutex))
	execsim_plain.RUnlock(s.RWMutex)
	execsim_plain.RUnlock(s.RWMutex)
	fmt.Println(execsim_plain.RWTryLock(s.RWMutex))
	execsim_plain.RWUnlock(s.RWMutex)

	var l sync.Locker = &mu
	execsim_plain.LockerLock(l)
	execsim_plain.LockerUnlock(l)
	rl := execsim_plain.RLocker(s.RWMutex)
	execsim_plain.LockerLock(rl)
	execsim_plain.LockerUnlock(rl)

	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range 3 {
		execsim_plain.WaitAdd(&wg, 1)
		execsim_plain.Go(func() {
			defer execsim_plain.WaitDone(&wg)
			results[i] = i * i
		})
	}
	execsim_plain.WaitGo(&wg, func() {})
	execsim_plain.WaitWait(&wg)
	fmt.Println(results)

	var once sync.Once
	for range 2 {
		execsim_plain.OnceDo(&once, func() { fmt.Println("once") })
	}
	f := execsim_plain.OnceValue(func() int { return 7 })
	fmt.Println(f(), f())

	cond := sync.NewCond(&mu)
	ready := false
	execsim_plain.Go(func() {
		execsim_plain.Lock(&mu)
		ready = true
		execsim_plain.CondBroadcast(cond)
		execsim_plain.Unlock(&mu)
	})
	execsim_plain.Lock(&mu)
	for !ready {
		execsim_plain.CondWait(cond)
	}
	execsim_plain.CondSignal(cond)
	execsim_plain.Unlock(&mu)
	fmt.Println("ready", c.n)

	var fk fake
	fk.Lock()
	fmt.Println(fk.locked)
	execsim_plain.Lock((&mu))
	p := &mu
	execsim_plain.Unlock(p)
}
