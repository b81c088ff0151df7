package conformance

import (
	"fmt"
	"sync"
)

func mutexCounter() []string {
	var t transcript
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.add("count %d", n)
	return t
}

func mutexTryLock() []string {
	var t transcript
	var mu sync.Mutex
	t.add("free: %v", mu.TryLock())
	t.add("held: %v", mu.TryLock())
	held := make(chan struct{})
	release := make(chan struct{})
	mu.Unlock()
	go func() {
		mu.Lock()
		close(held)
		<-release
		mu.Unlock()
	}()
	<-held
	t.add("held by another goroutine: %v", mu.TryLock())
	close(release)
	mu.Lock()
	t.add("locked after release")
	mu.Unlock()
	return t
}

// Readers share an RWMutex; a writer excludes readers and writers.
func rwMutexReadersWriter() []string {
	var t transcript
	var rw sync.RWMutex
	r1, r2 := make(chan struct{}), make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	for _, held := range []chan struct{}{r1, r2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rw.RLock()
			close(held)
			<-release
			rw.RUnlock()
		}()
	}
	<-r1
	<-r2
	t.add("two readers hold it together")
	t.add("TryLock while read-held: %v", rw.TryLock())
	t.add("TryRLock while read-held: %v", rw.TryRLock())
	rw.RUnlock()
	close(release)
	wg.Wait()
	rw.Lock()
	t.add("writer holds it")
	t.add("TryRLock while write-held: %v", rw.TryRLock())
	t.add("TryLock while write-held: %v", rw.TryLock())
	rw.Unlock()
	t.add("TryLock when free: %v", rw.TryLock())
	rw.Unlock()
	return t
}

// RLocker's Lock and Unlock are RLock and RUnlock: two of them hold the
// mutex at once, and a writer cannot.
func rwMutexRLocker() []string {
	var t transcript
	var rw sync.RWMutex
	var l sync.Locker = rw.RLocker()
	l.Lock()
	l.Lock()
	t.add("TryLock with two read locks: %v", rw.TryLock())
	l.Unlock()
	l.Unlock()
	var m sync.Locker = &sync.Mutex{}
	m.Lock()
	t.add("Locker mutex locked")
	m.Unlock()
	t.add("TryLock when free: %v", rw.TryLock())
	rw.Unlock()
	return t
}

func waitGroupWait() []string {
	var t transcript
	var wg sync.WaitGroup
	results := make([]int, 5)
	wg.Add(len(results))
	for i := range results {
		go func() {
			defer wg.Done()
			results[i] = i * i
		}()
	}
	wg.Wait()
	t.add("results %v", results)
	var empty sync.WaitGroup
	empty.Wait()
	t.add("Wait on zero counter returns")
	return t
}

func waitGroupGo() []string {
	var t transcript
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	for i := range 4 {
		wg.Go(func() {
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.add("got %v", sorted(got))
	return t
}

func waitGroupNegativePanics() []string {
	var t transcript
	var wg sync.WaitGroup
	t.add("%s", panicOf(func() { wg.Add(-1) }))
	var wg2 sync.WaitGroup
	wg2.Add(1)
	wg2.Done()
	t.add("%s", panicOf(func() { wg2.Done() }))
	return t
}

func onceConcurrent() []string {
	var t transcript
	var once sync.Once
	var wg sync.WaitGroup
	var mu sync.Mutex
	runs := 0
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() {
				mu.Lock()
				runs++
				mu.Unlock()
			})
		}()
	}
	wg.Wait()
	t.add("f ran %d time(s)", runs)
	return t
}

// A panicking f still counts as done: Do panics with f's value once, and
// later calls do nothing.
func oncePanickingF() []string {
	var t transcript
	var once sync.Once
	t.add("%s", panicOf(func() { once.Do(func() { panic("boom") }) }))
	ran := false
	once.Do(func() { ran = true })
	t.add("second f ran: %v", ran)
	return t
}

// A second Do waits until the first call's f returns, and then does not
// run its own f.
func onceBlockingF() []string {
	var t transcript
	var once sync.Once
	started := make(chan struct{})
	release := make(chan struct{})
	fDone := false
	first := make(chan struct{})
	go func() {
		once.Do(func() {
			close(started)
			<-release
			fDone = true
		})
		close(first)
	}()
	<-started
	second := make(chan string)
	go func() {
		gRan := false
		once.Do(func() { gRan = true })
		second <- fmt.Sprintf("second Do returned with f finished=%v, its f ran=%v", fDone, gRan)
	}()
	close(release)
	t.add("%s", <-second)
	<-first
	return t
}

func onceFuncValue() []string {
	var t transcript
	calls := 0
	f := sync.OnceFunc(func() { calls++ })
	f()
	f()
	t.add("OnceFunc calls %d", calls)
	p := sync.OnceFunc(func() { panic("once-func") })
	t.add("first: %s", panicOf(p))
	t.add("again: %s", panicOf(p))
	n := 0
	v := sync.OnceValue(func() int { n++; return 7 * n })
	t.add("OnceValue %d %d computed %d", v(), v(), n)
	vs := sync.OnceValues(func() (string, error) { return "x", fmt.Errorf("e%d", 1) })
	a, err := vs()
	b, _ := vs()
	t.add("OnceValues %s %s %v", a, b, err)
	return t
}

// Signal wakes one waiter, Broadcast all. Each waiter counts itself
// waiting under the lock before Wait, so once the count is full every
// waiter is inside Wait.
func condSignalBroadcast() []string {
	var t transcript
	var mu sync.Mutex
	waiting := sync.NewCond(&mu)
	ready := sync.NewCond(&mu)
	const n = 3
	inWait, tokens, served := 0, 0, 0
	servedCh := make(chan struct{}, n)
	for range n {
		go func() {
			mu.Lock()
			inWait++
			ready.Signal()
			for tokens == 0 {
				waiting.Wait()
			}
			tokens--
			served++
			mu.Unlock()
			servedCh <- struct{}{}
		}()
	}
	mu.Lock()
	for inWait < n {
		ready.Wait()
	}
	tokens = 1
	waiting.Signal()
	mu.Unlock()
	<-servedCh
	mu.Lock()
	t.add("served after Signal: %d", served)
	tokens = n - 1
	waiting.Broadcast()
	mu.Unlock()
	for range n - 1 {
		<-servedCh
	}
	t.add("served after Broadcast: %d, tokens left %d", served, tokens)
	return t
}
