package sim

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

func TestConformanceSync(t *testing.T) { runConformance(t, syncPrograms) }

var syncPrograms = []program{
	{
		// As in Go, runtime.Goexit ends only its goroutine, after running
		// its deferred calls (kit calls among them); a group's and a wait
		// group's bookkeeping, deferred too, sees it end.
		name: "runtime.Goexit runs the deferred calls and ends only its goroutine",
		run: func(rt Runtime) any {
			out := NewChan[string](rt, 4)
			mu := rt.NewMutex()
			wg := rt.NewWaitGroup()
			wg.Go("quitter", func() {
				defer out.Send("second deferred")
				defer func() {
					mu.Lock()
					out.Send("first deferred")
					mu.Unlock()
				}()
				runtime.Goexit()
				out.Send("not reached")
			})
			g := NewGroup(rt, "quitters")
			g.Go("member", func() { runtime.Goexit() })
			wg.Wait()
			if err := g.Wait(context.Background()); err != nil {
				return err
			}
			out.Send("after both")
			out.Close()
			var got []string
			for v, ok := out.Recv(); ok; v, ok = out.Recv() {
				got = append(got, v)
			}
			return strings.Join(got, ", ")
		},
		want: "first deferred, second deferred, after both",
	},
	{
		name: "mutex keeps a read-yield-write counter exact",
		run: func(rt Runtime) any {
			mu := rt.NewMutex()
			wg := rt.NewWaitGroup()
			n := 0
			for g := range 4 {
				wg.Go(words("incr", g), func() {
					for range 10 {
						mu.Lock()
						v := n
						rt.Yield()
						n = v + 1
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			return n
		},
		want: 40,
	},
	{
		name: "TryLock fails while held, succeeds when free",
		run: func(rt Runtime) any {
			mu := rt.NewMutex()
			mu.Lock()
			held := mu.TryLock()
			mu.Unlock()
			free := mu.TryLock()
			mu.Unlock()
			return words(held, free)
		},
		want: "false true",
	},
	{
		name: "Lock waits for the holder's Unlock",
		run: func(rt Runtime) any {
			mu := rt.NewMutex()
			log := NewChan[string](rt, 4)
			mu.Lock()
			done := NewChan[bool](rt, 0)
			rt.Go("waiter", func() {
				mu.Lock()
				log.Send("waiter locked")
				mu.Unlock()
				done.Close()
			})
			rt.Sleep(gap)
			log.Send("main unlocks")
			mu.Unlock()
			done.Recv()
			log.Close()
			return words(recvAll(log))
		},
		want: "[main unlocks waiter locked]",
	},
	{
		name:      "unlock of unlocked mutex",
		worldOnly: true, // a fatal error on the real kit
		run: func(rt Runtime) any {
			rt.NewMutex().Unlock()
			return "no panic"
		},
		want: panicked("sync: unlock of unlocked mutex"),
	},
	{
		name:      "Unlock of unlocked RWMutex",
		worldOnly: true,
		run: func(rt Runtime) any {
			rt.NewRWMutex().Unlock()
			return "no panic"
		},
		want: panicked("sync: Unlock of unlocked RWMutex"),
	},
	{
		name:      "RUnlock of unlocked RWMutex",
		worldOnly: true,
		run: func(rt Runtime) any {
			rt.NewRWMutex().RUnlock()
			return "no panic"
		},
		want: panicked("sync: RUnlock of unlocked RWMutex"),
	},
	{
		name:      "RUnlock of a write-locked RWMutex",
		worldOnly: true,
		run: func(rt Runtime) any {
			mu := rt.NewRWMutex()
			mu.Lock()
			mu.RUnlock()
			return "no panic"
		},
		want: panicked("sync: RUnlock of unlocked RWMutex"),
	},
	{
		name: "RWMutex readers hold the lock together",
		run: func(rt Runtime) any {
			mu := rt.NewRWMutex()
			in := NewChan[int](rt, 0)
			release := NewChan[bool](rt, 0)
			wg := rt.NewWaitGroup()
			for r := range 4 {
				wg.Go(words("reader", r), func() {
					mu.RLock()
					in.Send(r)
					release.Recv()
					mu.RUnlock()
				})
			}
			sum := 0
			for range 4 { // all four are inside at once, or this deadlocks
				v, _ := in.Recv()
				sum += v
			}
			release.Close()
			wg.Wait()
			return sum
		},
		want: 0 + 1 + 2 + 3,
	},
	{
		name: "RWMutex writer excludes readers and writers",
		run: func(rt Runtime) any {
			mu := rt.NewRWMutex()
			var readers, writers, bad atomic.Int32
			wg := rt.NewWaitGroup()
			for g := range 3 {
				wg.Go(words("writer", g), func() {
					for range 4 {
						mu.Lock()
						if writers.Add(1) != 1 || readers.Load() != 0 {
							bad.Add(1)
						}
						rt.Yield()
						writers.Add(-1)
						mu.Unlock()
					}
				})
				wg.Go(words("reader", g), func() {
					for range 4 {
						mu.RLock()
						readers.Add(1)
						if writers.Load() != 0 {
							bad.Add(1)
						}
						rt.Yield()
						readers.Add(-1)
						mu.RUnlock()
					}
				})
			}
			wg.Wait()
			return bad.Load()
		},
		want: int32(0),
	},
	{
		name: "RWMutex: a waiting writer keeps new readers out",
		run: func(rt Runtime) any {
			mu := rt.NewRWMutex()
			log := NewChan[string](rt, 4)
			wg := rt.NewWaitGroup()
			mu.RLock()
			wg.Go("writer", func() {
				mu.Lock()
				log.Send("writer")
				mu.Unlock()
			})
			rt.Sleep(gap) // the writer waits for main's read lock
			wg.Go("reader", func() {
				mu.RLock()
				log.Send("reader")
				mu.RUnlock()
			})
			rt.Sleep(gap) // the reader waits behind the writer
			log.Send("main runlocks")
			mu.RUnlock()
			wg.Wait()
			log.Close()
			return words(recvAll(log))
		},
		want: "[main runlocks writer reader]",
	},
	{
		name: "RWMutex: readers that waited on a writer go before the next writer",
		run: func(rt Runtime) any {
			mu := rt.NewRWMutex()
			log := NewChan[string](rt, 4)
			wg := rt.NewWaitGroup()
			mu.Lock()
			wg.Go("writer2", func() {
				mu.Lock()
				log.Send("writer2")
				mu.Unlock()
			})
			wg.Go("reader", func() {
				mu.RLock()
				log.Send("reader")
				rt.Sleep(gap)
				mu.RUnlock()
			})
			rt.Sleep(gap)
			log.Send("main unlocks")
			mu.Unlock()
			wg.Wait()
			log.Close()
			return words(recvAll(log))
		},
		want: "[main unlocks reader writer2]",
	},
	{
		name: "WaitGroup Wait returns after every Done, and at once on zero",
		run: func(rt Runtime) any {
			wg := rt.NewWaitGroup()
			wg.Wait() // zero: returns at once
			var done atomic.Int32
			wg.Add(3)
			for g := range 3 {
				rt.Go(words("worker", g), func() {
					rt.Yield()
					done.Add(1)
					wg.Done()
				})
			}
			wg.Wait()
			first := done.Load()
			wg.Wait() // still zero
			return words(first, done.Load())
		},
		want: "3 3",
	},
	{
		name: "several waiters are all released",
		run: func(rt Runtime) any {
			wg := rt.NewWaitGroup()
			wg.Add(1)
			waiters := rt.NewWaitGroup()
			var released atomic.Int32
			for g := range 3 {
				waiters.Go(words("waiter", g), func() {
					wg.Wait()
					released.Add(1)
				})
			}
			rt.Yield()
			wg.Done()
			waiters.Wait()
			return released.Load()
		},
		want: int32(3),
	},
	{
		name: "a WaitGroup is reused after Wait returns",
		run: func(rt Runtime) any {
			wg := rt.NewWaitGroup()
			var done atomic.Int32
			for range 2 {
				for g := range 2 {
					wg.Go(words("worker", g), func() { rt.Yield(); done.Add(1) })
				}
				wg.Wait()
			}
			return done.Load()
		},
		want: int32(4),
	},
	{
		name: "WaitGroup.Go joins its goroutines",
		run: func(rt Runtime) any {
			wg := rt.NewWaitGroup()
			out := make([]int, 5)
			for i := range out {
				wg.Go(words("g", i), func() { rt.Yield(); out[i] = i * i })
			}
			wg.Wait()
			return words(out)
		},
		want: "[0 1 4 9 16]",
	},
	{
		name: "negative WaitGroup counter panics",
		run: func(rt Runtime) any {
			wg := rt.NewWaitGroup()
			wg.Add(1)
			wg.Done()
			wg.Done()
			return "no panic"
		},
		want: panicked("sync: negative WaitGroup counter"),
	},
	{
		name: "Once runs f once; every caller returns after f",
		run: func(rt Runtime) any {
			once := rt.NewOnce()
			var calls, finished, sawUnfinished atomic.Int32
			wg := rt.NewWaitGroup()
			for g := range 5 {
				wg.Go(words("caller", g), func() {
					once.Do(func() {
						calls.Add(1)
						rt.Sleep(gap)
						finished.Store(1)
					})
					if finished.Load() == 0 {
						sawUnfinished.Add(1)
					}
				})
			}
			wg.Wait()
			once.Do(func() { calls.Add(1) })
			return words(calls.Load(), sawUnfinished.Load())
		},
		want: "1 0",
	},
	{
		name: "Once after a panicking f does not call f again",
		run: func(rt Runtime) any {
			once := rt.NewOnce()
			calls := 0
			msg := func() (m string) {
				defer func() { m = words(recover()) }()
				once.Do(func() { calls++; panic("boom") })
				return "no panic"
			}()
			once.Do(func() { calls++ })
			return words(msg, calls)
		},
		want: "boom 1",
	},
}
