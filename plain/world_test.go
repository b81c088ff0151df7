package plain

import (
	"fmt"
	"math"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/testsource"
	"github.com/execsim/execsim/sim"
	"github.com/stretchr/testify/require"
)

// Behaviour that only a world has: virtual time, choices, leaks and
// deadlocks reported by name, completions from outside, unreachable calls.

func run(seed uint64, body func()) *sim.Result {
	return sim.Run(sim.Options{Seed: seed, Watchdog: 5 * time.Second, KeepTrace: true}, func(sim.Runtime) { body() })
}

func TestWorldTimeIsVirtual(t *testing.T) {
	res := run(1, func() {
		Sleep(time.Hour)
		tm := NewTimer(time.Hour)
		Recv(tm.C)
	})
	require.NoError(t, res.Err())
	require.Equal(t, 2*time.Hour, res.Elapsed)
}

func TestWorldGoNamesTheCreatorAndItsLine(t *testing.T) {
	res := run(1, func() {
		ch := make(chan int)
		Go(func() { Recv(ch) }) // leaks: nobody sends
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindLeak, res.Failure.Kind)
	g := res.Failure.Waiting[0].Goroutine
	require.Contains(t, g.Name, "TestWorldGoNamesTheCreatorAndItsLine")
	require.Contains(t, g.SpawnSite, "world_test.go:")
	require.Contains(t, res.Failure.Waiting[0].On, "chan receive")
}

func TestWorldNumGoroutine(t *testing.T) {
	var n0, n1, n2 int
	res := run(1, func() {
		n0 = NumGoroutine()
		ch := make(chan int)
		Go(func() { Recv(ch) })
		n1 = NumGoroutine()
		Send(ch, 1)
		Sleep(time.Second)
		n2 = NumGoroutine()
	})
	require.NoError(t, res.Err())
	require.Equal(t, []int{1, 2, 1}, []int{n0, n1, n2})
}

// addInGoroutine is the WaitGroup pitfall: Add inside the goroutine races
// with Wait, which may return before the work was even counted.
func addInGoroutine(fixed bool) func() {
	return func() {
		var wg sync.WaitGroup
		var mu sync.Mutex
		done := false
		if fixed {
			WaitAdd(&wg, 1)
		}
		Go(func() {
			if !fixed {
				WaitAdd(&wg, 1)
			}
			defer WaitDone(&wg)
			Lock(&mu)
			done = true
			Unlock(&mu)
		})
		WaitWait(&wg)
		Lock(&mu)
		defer Unlock(&mu)
		if !done {
			panic("Wait returned before the work was done")
		}
	}
}

func TestWorldFindsAddRacingWait(t *testing.T) {
	found := -1
	for seed := range uint64(50) {
		if res := run(seed, addInGoroutine(false)); res.Failure != nil {
			require.Equal(t, sim.KindPanic, res.Failure.Kind, res.Failure.Report())
			found = int(seed)
			break
		}
	}
	require.GreaterOrEqual(t, found, 0, "the race of Add with Wait must be found within 50 seeds")
	for seed := range uint64(200) {
		require.NoError(t, run(seed, addInGoroutine(true)).Err(), "seed %d", seed)
	}
}

// firstKey is a map-order bug: it assumes a map's first key is the least.
func firstKey(fixed bool) func() {
	return func() {
		m := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
		var keys []string
		for it, k, _, ok := MapRange(m); ok; k, ok = it.NextKey(k) {
			keys = append(keys, k)
		}
		if fixed {
			keys = keys[:0]
			for _, k := range []string{"a", "b", "c", "d"} {
				if _, ok := m[k]; ok {
					keys = append(keys, k)
				}
			}
		}
		if keys[0] != "a" {
			panic("first key is " + keys[0])
		}
	}
}

func TestWorldMapOrderFoundAndReplayed(t *testing.T) {
	var failing *sim.Result
	for seed := range uint64(50) {
		if res := run(seed, firstKey(false)); res.Failure != nil {
			failing = res
			break
		}
	}
	require.NotNil(t, failing, "a map-order bug must be found within 50 seeds")
	replay := sim.Run(sim.Options{Chooser: sim.NewReplay(failing.Schedule(), sim.NewRandom(0)), KeepTrace: true}, func(sim.Runtime) { firstKey(false)() })
	require.NotNil(t, replay.Failure)
	require.Equal(t, failing.Failure.Message, replay.Failure.Message, "the replay repeats the order")
	require.Equal(t, failing.Hash, replay.Hash)
	for seed := range uint64(50) {
		require.NoError(t, run(seed, firstKey(true)).Err(), "seed %d", seed)
	}
}

func TestWorldMapOrderCoversEveryPermutation(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(200) {
		res := run(seed, func() {
			var b strings.Builder
			for it, k, v, ok := MapRange(map[int]string{1: "x", 2: "y", 3: "z"}); ok; k, v, ok = it.NextKeyValue(k, v) {
				fmt.Fprint(&b, k, v)
			}
			seen[b.String()] = true
		})
		require.NoError(t, res.Err())
	}
	require.Len(t, seen, 6, "3 keys have 6 orders")
}

func TestWorldMapDeleteDuringRange(t *testing.T) {
	for seed := range uint64(30) {
		var got []int
		res := run(seed, func() {
			m := map[int]bool{1: true, 2: true, 3: true}
			for it, k, _, ok := MapRange(m); ok; k, ok = it.NextKey(k) {
				got = append(got, k)
				for o := range m {
					if o != k {
						delete(m, o)
					}
				}
			}
		})
		require.NoError(t, res.Err())
		require.Len(t, got, 1, "seed %d: deleted entries are not produced", seed)
	}
}

func TestWorldMapUnorderedKeysIsAHazard(t *testing.T) {
	type key struct{ a, b int }
	n := 0
	res := run(1, func() {
		for it, _, _, ok := MapRange(map[key]int{{1, 2}: 1, {3, 4}: 2}); ok; _, _, ok = it.Next() { // marker: maprange
			n++
		}
		for range RangeMap(map[key]int{{1, 2}: 1}) { // marker: rangemap
			n++
		}
	})
	require.NoError(t, res.Err())
	require.Equal(t, 3, n)
	var hazards []string
	for _, e := range res.Trace {
		if strings.Contains(e.Detail, "determinism hazard") {
			hazards = append(hazards, e.Detail)
		}
	}
	require.Len(t, hazards, 2)
	require.Contains(t, hazards[0], "world_test.go:"+testsource.Line(t, "world_test.go", "marker: maprange"), "the trace names the loop's line")
	require.Contains(t, hazards[1], "world_test.go:"+testsource.Line(t, "world_test.go", "marker: rangemap"))
}

// The loop MapRange begins keeps the range's semantics, natively and in a
// world: a value changed before the loop reaches it is produced as it is
// then, a NaN key is produced (it is never found again), and at the end
// the Next methods give the loop's variables back their last entry, as a
// range leaves them. RecvNext does the same for a channel.
func TestRangeLoopSemantics(t *testing.T) {
	check := func() error {
		m := map[int]int{1: 1, 2: 2}
		var got []int
		for it, k, v, ok := MapRange(m); ok; k, v, ok = it.NextKeyValue(k, v) {
			got = append(got, v)
			m[3-k] = 100 // the other entry, not reached yet on the first visit
		}
		if len(got) != 2 || got[1] != 100 {
			return fmt.Errorf("changed value: got %v", got)
		}
		nan := map[float64]int{math.NaN(): 5}
		n := 0
		for it, _, v, ok := MapRange(nan); ok; v, ok = it.NextValue(v) {
			n += v
		}
		if n != 5 {
			return fmt.Errorf("NaN key: got %d", n)
		}
		it, k, v, ok := MapRange(map[string]int{"a": 1})
		if k2, v2, ok2 := it.NextKeyValue(k, v); !ok || ok2 || k2 != "a" || v2 != 1 {
			return fmt.Errorf("end of the map: got %q %d %v", k2, v2, ok2)
		}
		if k2, ok2 := it.NextKey("a"); ok2 || k2 != "a" {
			return fmt.Errorf("end of the keys: got %q %v", k2, ok2)
		}
		ch := make(chan int, 1)
		Send(ch, 7)
		Close(ch)
		c, v3, ok3 := RangeChan(ch)
		if v4, ok4 := RecvNext(c, v3); !ok3 || ok4 || v4 != 7 {
			return fmt.Errorf("end of the channel: got %d %v", v4, ok4)
		}
		return nil
	}
	require.NoError(t, check(), "natively")
	for seed := range uint64(20) {
		var err error
		require.NoError(t, run(seed, func() { err = check() }).Err())
		require.NoError(t, err, "in a world, seed %d", seed)
	}
}

func TestWorldRandIsReplayed(t *testing.T) {
	draw := func() []int64 {
		return []int64{Rand().Int63(), int64(RandV2().IntN(1000)), int64(RandN(uint8(200)))}
	}
	var a, b, c []int64
	run(3, func() { a = draw() })
	run(3, func() { b = draw() })
	found := false
	for seed := range uint64(10) {
		run(seed+10, func() { c = draw() })
		found = found || fmt.Sprint(c) != fmt.Sprint(a)
	}
	require.Equal(t, a, b, "a seed repeats the numbers")
	require.True(t, found, "other seeds draw other numbers")
}

func TestWorldForeignSenderSeenAtQuiescence(t *testing.T) {
	ch := make(chan int)
	release := make(chan struct{})
	ended := make(chan struct{})
	go func() { // untouched code: a native goroutine no world started
		defer close(ended)
		<-release
		ch <- 7
	}()
	var got int
	res := run(1, func() {
		close(release) // natively: the world knows nothing of it
		got = Recv(ch)
	})
	<-ended
	require.NoError(t, res.Err())
	require.Equal(t, 7, got)
}

func TestWorldForeignCloseSeen(t *testing.T) {
	ch := make(chan int)
	var ok bool
	res := run(1, func() {
		Go(func() { close(ch) }) // a native close, as untouched code does it
		c0 := RecvCase(ch)
		Select(c0)
		ok = c0.OK
	})
	require.NoError(t, res.Err())
	require.False(t, ok)
}

func TestWorldWorldCloseClosesNative(t *testing.T) {
	ch := make(chan int)
	res := run(1, func() {
		Len(ch) // adopted
		Close(ch)
	})
	require.NoError(t, res.Err())
	_, ok := <-ch
	require.False(t, ok, "code outside the world sees the close")
}

func TestWorldDeadlockOnAChannelOnlyOutsideCompletes(t *testing.T) {
	ch := make(chan int)
	res := run(1, func() {
		Recv(ch) // nothing outside sends either
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindDeadlock, res.Failure.Kind)
	on := res.Failure.Waiting[0].On
	require.Contains(t, on, "native chan")
	require.Contains(t, on, "world_test.go:")
	require.Contains(t, on, "nothing outside the world did")
	// A channel the world made itself gets no such note.
	res = run(1, func() {
		c := make(chan int)
		Go(func() { Send(c, 1) })
		Sleep(time.Second)
		Recv(make(chan int))
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindDeadlock, res.Failure.Kind)
}

func TestWorldForeignFailsAtOnce(t *testing.T) {
	reached := false
	res := run(1, func() {
		conn, err := Foreign(net.Dial, "net.Dial")("tcp", "127.0.0.1:1")
		reached = true
		_, _ = conn, err
	})
	require.False(t, reached)
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindUnreachable, res.Failure.Kind)
	require.Contains(t, res.Failure.Message, "net.Dial at ")
	require.Contains(t, res.Failure.Message, "world_test.go:")
	// Outside a world, Foreign is the function itself.
	require.NotNil(t, Foreign(strings.ToUpper, "strings.ToUpper"))
	require.Equal(t, "A", Foreign(strings.ToUpper, "strings.ToUpper")("a"))
}

func TestWorldTrespassFailsTheWorld(t *testing.T) {
	ch := make(chan int, 1)
	res := run(1, func() {
		Len(ch) // the world adopts ch
		done := make(chan struct{})
		go func() { // a goroutine no world started, calling rewritten code
			defer close(done)
			Send(ch, 1)
		}()
		<-done
		Gosched()
		panic("not reached: the world fails at the scheduling point")
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindUnreachable, res.Failure.Kind)
	require.Contains(t, res.Failure.Message, "plain.Send at ")
	require.Contains(t, res.Failure.Message, "world_test.go:")
	require.Contains(t, res.Failure.Message, "did not start")
	// The correct twin: the same send from a world goroutine is fine.
	res = run(1, func() {
		Len(ch)
		Go(func() { Send(ch, 1) })
		Recv(ch)
	})
	require.NoError(t, res.Err())
}

// A trespass noticed while every world goroutine is blocked (the world
// waits at quiescence for code outside it) is reported as the trespass,
// with the blocked goroutines, not as the deadlock it leaves behind; the
// twin, a native send on a channel the world does not hold yet, is what
// the world waits for, and completes the run.
func TestWorldTrespassWhileBlocked(t *testing.T) {
	in, out := make(chan int, 1), make(chan int)
	res := run(1, func() {
		Send(in, 1) // the world adopts in
		done := make(chan struct{})
		defer func() { <-done }()
		go func() { // no world started it
			defer close(done)
			// Late, so that the world is blocked on out by then (it
			// waits 50ms for code outside it).
			time.Sleep(10 * time.Millisecond)
			Len(in)
		}()
		Recv(out)
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindUnreachable, res.Failure.Kind, res.Failure.Report())
	require.Contains(t, res.Failure.Message, "plain.Len at ")
	require.Contains(t, res.Failure.Message, "did not start")

	out = make(chan int)
	res = run(1, func() {
		go func() { out <- 2 }() // native, on a channel no world holds
		require.Equal(t, 2, Recv(out))
	})
	require.NoError(t, res.Err())
}

func TestWorldsInParallelFindThemselves(t *testing.T) {
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range uint64(20) {
				var rt sim.Runtime
				var sum int
				res := sim.Run(sim.Options{Seed: seed + uint64(100*i)}, func(r sim.Runtime) {
					if sim.Current() != r {
						panic("Current is not this world")
					}
					rt = r
					ch := make(chan int, 2)
					var mu sync.Mutex
					var g sync.WaitGroup
					for j := range 4 {
						WaitGo(&g, func() {
							if sim.Current() != rt {
								panic("a goroutine found another world")
							}
							Lock(&mu)
							sum += j
							Unlock(&mu)
							Send(ch, j)
							Recv(ch)
						})
					}
					WaitWait(&g)
				})
				if err := res.Err(); err != nil {
					errs[i] = err
					return
				}
				if sum != 6 {
					errs[i] = fmt.Errorf("world %d seed %d: sum %d", i, seed, sum)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}

func TestWorldUnwindKeepsDeferredCallsInTheWorld(t *testing.T) {
	res := run(1, func() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		ch := make(chan int)
		WaitAdd(&wg, 1)
		Go(func() {
			Lock(&mu)
			defer Unlock(&mu)   // natively: unlock of a mutex no native code locked, a fatal error
			defer WaitDone(&wg) // natively: a negative counter
			Recv(ch)            // leaks: unwound when the world is over
		})
		Sleep(time.Second)
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindLeak, res.Failure.Kind)
}

func TestWorldAfterFuncIsAGoroutineOfTheCaller(t *testing.T) {
	res := run(1, func() {
		ch := make(chan int)
		AfterFunc(time.Second, func() { Recv(ch) }) // leaks: nobody sends
		Sleep(2 * time.Second)
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindLeak, res.Failure.Kind)
	g := res.Failure.Waiting[0].Goroutine
	require.Equal(t, "time.AfterFunc", g.Name)
	require.Contains(t, g.SpawnSite, "world_test.go:")
}

func TestWorldPollsBeforeTheClockMoves(t *testing.T) {
	ch := make(chan int, 1)
	release, sent := make(chan struct{}), make(chan struct{})
	go func() { // untouched code, sending once the world has adopted ch
		defer close(sent)
		<-release
		ch <- 1
	}()
	var at time.Duration
	res := run(1, func() {
		Len(ch) // adopted, empty
		close(release)
		<-sent // natively: the value is in ch's native buffer, unseen by the world
		var wg sync.WaitGroup
		WaitGo(&wg, func() { Sleep(time.Hour) })
		Recv(ch)
		at = Now().Sub(sim.Epoch)
		WaitWait(&wg)
	})
	require.NoError(t, res.Err())
	require.Zero(t, at, "the foreign send is taken before the clock jumps to the sleeper's timer")
}

// A select statement in a world allocates its cases as the rewrite makes
// them (RecvCase's *Received) and nothing more: the kit's cases it builds
// for them stay on Select's stack.
func TestWorldSelectAllocatesOnlyItsCases(t *testing.T) {
	var allocs float64
	res := sim.Run(sim.Options{Seed: 1}, func(sim.Runtime) {
		ch := Made(make(chan int, 1))
		Send(ch, 0) // adopted before counting
		Recv(ch)
		allocs = testing.AllocsPerRun(50, func() {
			Send(ch, 1)
			c0, c1 := RecvCase(ch), Default()
			if Select(c0, c1) != 0 || c0.V != 1 {
				panic("the ready receive was not taken")
			}
		})
	})
	require.Nil(t, res.Failure)
	require.Equal(t, 1.0, allocs)
}

// With CallerPCs, an event of rewritten code names the user's line, not
// package plain's call into the kit.
func TestWorldEventCallerIsTheUsersLine(t *testing.T) {
	res := sim.Run(sim.Options{Seed: 1, KeepTrace: true, CallerPCs: true}, func(sim.Runtime) {
		ch := Made(make(chan int, 1))
		Send(ch, 1) // the send's line
	})
	require.Nil(t, res.Failure)
	var send sim.Event
	for _, e := range res.Trace {
		if e.Op == sim.OpSend {
			send = e
		}
	}
	_, file, line, _ := runtime.Caller(0)
	require.Equal(t, fmt.Sprintf("%s:%d", file, line-9), send.Caller())
}

// A sync.Pool in a world is the world's own: what one run put, another
// does not get. Get reuses the item put last or makes a new one, by the
// seed, so a pooled buffer put back without its Reset is found, and its
// replay fails the same way, while the twin that resets it passes every
// seed.
func TestWorldPool(t *testing.T) {
	var pool = sync.Pool{New: func() any { return new(strings.Builder) }}
	render := func(reset bool, word string) string {
		b := PoolGet(&pool).(*strings.Builder)
		defer func() {
			if reset {
				b.Reset()
			}
			PoolPut(&pool, b)
		}()
		b.WriteString(word)
		return b.String()
	}
	body := func(reset bool) func() {
		return func() {
			done := Made(make(chan string, 2))
			for _, w := range []string{"a", "b"} {
				Go(func() { Send(done, render(reset, w)) })
			}
			for range 2 {
				if s := Recv(done); len(s) != 1 {
					panic("a pooled builder kept another call's text: " + s)
				}
			}
		}
	}
	var failing *sim.Result
	reused := 0
	for seed := uint64(0); seed < 50; seed++ {
		require.Nil(t, run(seed, body(true)).Failure, "seed %d: the resetting twin", seed)
		if r := run(seed, body(false)); r.Failure != nil && failing == nil {
			failing = r
		}
		// Never what another world put: a fresh world starts empty.
		require.Nil(t, run(seed, func() {
			if b, ok := PoolGet(&pool).(*strings.Builder); !ok || b.Len() != 0 {
				panic("a new world's pool gave an item of another run")
			}
			mine := new(strings.Builder)
			PoolPut(&pool, mine)
			if PoolGet(&pool) == any(mine) {
				reused++
			}
		}).Failure)
	}
	require.NotNil(t, failing, "the builder put back without Reset was not found in 50 seeds")
	require.Contains(t, failing.Failure.Message, "kept another call's text")
	replay := sim.Run(sim.Options{Chooser: sim.NewReplay(failing.Schedule(), nil)}, func(sim.Runtime) { body(false)() })
	require.NotNil(t, replay.Failure)
	require.Equal(t, failing.Failure.Message, replay.Failure.Message)
	require.True(t, reused > 0 && reused < 50, "a Get after a Put reused the item in %d of 50 seeds: both must be explored", reused)

	// Outside a world, the pool's own.
	PoolPut(&pool, new(strings.Builder))
	require.NotNil(t, PoolGet(&pool))
}
