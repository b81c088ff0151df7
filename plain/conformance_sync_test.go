package plain

import (
	"sync"
	"testing"
)

func TestConformanceSync(t *testing.T) {
	runConformance(t, []program{
		{name: "mutex counter", want: 300, run: func() any {
			var mu sync.Mutex
			var wg sync.WaitGroup
			n := 0
			for range 3 {
				WaitAdd(&wg, 1)
				Go(func() {
					defer WaitDone(&wg)
					for range 100 {
						Lock(&mu)
						v := n
						Gosched()
						n = v + 1
						Unlock(&mu)
					}
				})
			}
			WaitWait(&wg)
			return n
		}},
		{name: "trylock", want: words(true, false, true), run: func() any {
			var mu sync.Mutex
			a := TryLock(&mu)
			b := TryLock(&mu)
			Unlock(&mu)
			c := TryLock(&mu)
			return words(a, b, c)
		}},
		{name: "unlock of unlocked mutex", worldOnly: true, want: panicked("sync: unlock of unlocked mutex"), run: func() any {
			var mu sync.Mutex
			Unlock(&mu)
			return nil
		}},
		{name: "embedded mutex by address", want: 2, run: func() any {
			type guarded struct {
				sync.Mutex
				n int
			}
			var g guarded
			var wg sync.WaitGroup
			for range 2 {
				WaitGo(&wg, func() {
					Lock(&g.Mutex)
					g.n++
					Unlock(&g.Mutex)
				})
			}
			WaitWait(&wg)
			return g.n
		}},
		{name: "rwmutex readers, writer, try", want: words(true, false, false, true, 2), run: func() any {
			var rw sync.RWMutex
			RLock(&rw)
			a := TryRLock(&rw)
			b := RWTryLock(&rw)
			RUnlock(&rw)
			RUnlock(&rw)
			RWLock(&rw)
			c := TryRLock(&rw)
			RWUnlock(&rw)
			d := RWTryLock(&rw)
			RWUnlock(&rw)
			readers := 0
			var wg sync.WaitGroup
			var mu sync.Mutex
			l := RLocker(&rw)
			for range 2 {
				WaitGo(&wg, func() {
					LockerLock(l)
					Lock(&mu)
					readers++
					Unlock(&mu)
					LockerUnlock(l)
				})
			}
			WaitWait(&wg)
			return words(a, b, c, d, readers)
		}},
		{name: "rlocker excludes a writer", want: "writer after reader", run: func() any {
			var rw sync.RWMutex
			l := RLocker(&rw)
			LockerLock(l)
			order := make(chan string, 2)
			Go(func() {
				RWLock(&rw)
				Send(order, "writer")
				RWUnlock(&rw)
			})
			Sleep(gap)
			Send(order, "reader")
			LockerUnlock(l)
			a, b := Recv(order), Recv(order)
			return b + " after " + a
		}},
		{name: "negative waitgroup counter", want: panicked("sync: negative WaitGroup counter"), run: func() any {
			var wg sync.WaitGroup
			WaitDone(&wg)
			return nil
		}},
		{name: "waitgroup go", want: 3, run: func() any {
			var wg sync.WaitGroup
			var mu sync.Mutex
			n := 0
			for range 3 {
				WaitGo(&wg, func() { Lock(&mu); n++; Unlock(&mu) })
			}
			WaitWait(&wg)
			return n
		}},
		{name: "once whose f blocks", want: words(1, 0, 2), run: func() any {
			var once sync.Once
			release := make(chan struct{})
			done := make(chan int, 2)
			ran := 0
			f := func() { ran++; Recv(release) }
			for i := range 2 {
				Go(func() { OnceDo(&once, f); Send(done, i) })
			}
			Sleep(gap)
			before := Len(done) // neither Do has returned: one runs f, one waits for it
			Close(release)
			Recv(done)
			Recv(done)
			return words(ran, before, 2)
		}},
		{name: "oncefunc, oncevalue, oncevalues", want: words(1, 42, 42, "a", 7, 1), run: func() any {
			calls := 0
			f := OnceFunc(func() { calls++ })
			f()
			f()
			v := OnceValue(func() int { return 42 })
			vs := OnceValues(func() (string, int) { calls++; return "a", 7 })
			s, n := vs()
			vs()
			return words(calls-1, v(), v(), s, n, calls-1)
		}},
		{name: "oncefunc panics every call", want: words("boom", "boom"), run: func() any {
			f := OnceFunc(func() { panic("boom") })
			catch := func() (msg any) {
				defer func() { msg = recover() }()
				f()
				return nil
			}
			return words(catch(), catch())
		}},
		{name: "cond signal and broadcast", want: words(3, 6), run: func() any {
			var mu sync.Mutex
			c := sync.NewCond(&mu)
			queue := []int{}
			got := make(chan int, 3)
			for range 3 {
				Go(func() {
					Lock(&mu)
					for len(queue) == 0 {
						CondWait(c)
					}
					v := queue[0]
					queue = queue[1:]
					Unlock(&mu)
					Send(got, v)
				})
			}
			Sleep(gap)
			Lock(&mu)
			queue = append(queue, 1)
			CondSignal(c)
			Unlock(&mu)
			Lock(&mu)
			queue = append(queue, 2, 3)
			CondBroadcast(c)
			Unlock(&mu)
			sum := Recv(got) + Recv(got) + Recv(got)
			return words(3, sum)
		}},
		{name: "atomic point", want: int64(20), run: func() any {
			var n int64
			var wg sync.WaitGroup
			var mu sync.Mutex
			for range 2 {
				WaitGo(&wg, func() {
					for range 10 {
						Lock(&mu)
						*Point(&n)++
						Unlock(&mu)
					}
				})
			}
			WaitWait(&wg)
			return n
		}},
	})
}
