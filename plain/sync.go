package plain

import (
	"reflect"
	"sync"

	"github.com/execsim/execsim/sim"
)

// In a world a sync value's state is the world's (sim.Local, keyed by the
// value's address), made in its zero state on first use: a world cannot
// read a native mutex's holder or a wait group's counter, so a value that
// native code left locked or counted before a world goroutine touches it
// is outside the model. A sync.Once is the exception (once.go): whether it
// is done is the process's.

func worldMutex(rt sim.Runtime, m *sync.Mutex) *sim.Mutex {
	return sim.Local(rt, m, rt.NewMutex)
}

func worldRWMutex(rt sim.Runtime, m *sync.RWMutex) *sim.RWMutex {
	return sim.Local(rt, m, rt.NewRWMutex)
}

// Lock is m.Lock().
func Lock(m *sync.Mutex) {
	if rt := sim.CurrentFor(m, "plain.Lock"); rt != nil {
		worldMutex(rt, m).Lock()
		return
	}
	m.Lock()
}

// Unlock is m.Unlock().
func Unlock(m *sync.Mutex) {
	if rt := sim.CurrentFor(m, "plain.Unlock"); rt != nil {
		worldMutex(rt, m).Unlock()
		return
	}
	m.Unlock()
}

// TryLock is m.TryLock().
func TryLock(m *sync.Mutex) bool {
	if rt := sim.CurrentFor(m, "plain.TryLock"); rt != nil {
		return worldMutex(rt, m).TryLock()
	}
	return m.TryLock()
}

// RWLock is m.Lock() on a sync.RWMutex.
func RWLock(m *sync.RWMutex) {
	if rt := sim.CurrentFor(m, "plain.RWLock"); rt != nil {
		worldRWMutex(rt, m).Lock()
		return
	}
	m.Lock()
}

// RWUnlock is m.Unlock() on a sync.RWMutex.
func RWUnlock(m *sync.RWMutex) {
	if rt := sim.CurrentFor(m, "plain.RWUnlock"); rt != nil {
		worldRWMutex(rt, m).Unlock()
		return
	}
	m.Unlock()
}

// RWTryLock is m.TryLock() on a sync.RWMutex.
func RWTryLock(m *sync.RWMutex) bool {
	if rt := sim.CurrentFor(m, "plain.RWTryLock"); rt != nil {
		return worldRWMutex(rt, m).TryLock()
	}
	return m.TryLock()
}

// RLock is m.RLock().
func RLock(m *sync.RWMutex) {
	if rt := sim.CurrentFor(m, "plain.RLock"); rt != nil {
		worldRWMutex(rt, m).RLock()
		return
	}
	m.RLock()
}

// RUnlock is m.RUnlock().
func RUnlock(m *sync.RWMutex) {
	if rt := sim.CurrentFor(m, "plain.RUnlock"); rt != nil {
		worldRWMutex(rt, m).RUnlock()
		return
	}
	m.RUnlock()
}

// TryRLock is m.TryRLock().
func TryRLock(m *sync.RWMutex) bool {
	if rt := sim.CurrentFor(m, "plain.TryRLock"); rt != nil {
		return worldRWMutex(rt, m).TryRLock()
	}
	return m.TryRLock()
}

// RLocker is m.RLocker(). It is the native value in a world too:
// LockerLock and LockerUnlock recognise it and take m's read lock in the
// world.
func RLocker(m *sync.RWMutex) sync.Locker { return m.RLocker() }

// rlockerType is the type of sync.RWMutex.RLocker's result, a
// *sync.rlocker: a conversion of the *sync.RWMutex itself.
var rlockerType = reflect.TypeOf(new(sync.RWMutex).RLocker())

// LockerLock is l.Lock() on a sync.Locker.
func LockerLock(l sync.Locker) {
	if sim.Current() != nil {
		switch m := l.(type) {
		case *sync.Mutex:
			Lock(m)
			return
		case *sync.RWMutex:
			RWLock(m)
			return
		}
		if reflect.TypeOf(l) == rlockerType {
			RLock((*sync.RWMutex)(reflect.ValueOf(l).UnsafePointer()))
			return
		}
	}
	l.Lock()
}

// LockerUnlock is l.Unlock() on a sync.Locker.
func LockerUnlock(l sync.Locker) {
	if sim.Current() != nil {
		switch m := l.(type) {
		case *sync.Mutex:
			Unlock(m)
			return
		case *sync.RWMutex:
			RWUnlock(m)
			return
		}
		if reflect.TypeOf(l) == rlockerType {
			RUnlock((*sync.RWMutex)(reflect.ValueOf(l).UnsafePointer()))
			return
		}
	}
	l.Unlock()
}

func worldWaitGroup(rt sim.Runtime, wg *sync.WaitGroup) *sim.WaitGroup {
	return sim.Local(rt, wg, rt.NewWaitGroup)
}

// WaitAdd is wg.Add(delta).
func WaitAdd(wg *sync.WaitGroup, delta int) {
	if rt := sim.CurrentFor(wg, "plain.WaitAdd"); rt != nil {
		worldWaitGroup(rt, wg).Add(delta)
		return
	}
	wg.Add(delta)
}

// WaitDone is wg.Done().
func WaitDone(wg *sync.WaitGroup) {
	if rt := sim.CurrentFor(wg, "plain.WaitDone"); rt != nil {
		worldWaitGroup(rt, wg).Done()
		return
	}
	wg.Done()
}

// WaitWait is wg.Wait().
func WaitWait(wg *sync.WaitGroup) {
	if rt := sim.CurrentFor(wg, "plain.WaitWait"); rt != nil {
		worldWaitGroup(rt, wg).Wait()
		return
	}
	wg.Wait()
}

// WaitGo is wg.Go(f).
func WaitGo(wg *sync.WaitGroup, f func()) {
	if rt := sim.CurrentFor(wg, "plain.WaitGo"); rt != nil {
		worldWaitGroup(rt, wg).Go(creator(), f)
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

// OnceDo is o.Do(f) (see once.go for a Once's state in a world). In a
// world a second Do waits in the world for the
// first to return, so an f that blocks blocks only its callers.
func OnceDo(o *sync.Once, f func()) {
	if rt := sim.CurrentFor(o, "plain.OnceDo"); rt != nil {
		onceInWorld(rt, o, f)
		return
	}
	o.Do(f)
}

// OnceFunc is sync.OnceFunc(f), built on OnceDo so that it waits in a
// world. As sync.OnceFunc does, a panic of f is raised again by every call.
func OnceFunc(f func()) func() {
	var (
		once  sync.Once
		valid bool
		p     any
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		f()
		f = nil
		valid = true
	}
	return func() {
		OnceDo(&once, g)
		if !valid {
			panic(p)
		}
	}
}

// OnceValue is sync.OnceValue(f), built as OnceFunc is.
func OnceValue[T any](f func() T) func() T {
	var (
		once   sync.Once
		valid  bool
		p      any
		result T
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		result = f()
		f = nil
		valid = true
	}
	return func() T {
		OnceDo(&once, g)
		if !valid {
			panic(p)
		}
		return result
	}
}

// OnceValues is sync.OnceValues(f), built as OnceFunc is.
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	var (
		once  sync.Once
		valid bool
		p     any
		r1    T1
		r2    T2
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		r1, r2 = f()
		f = nil
		valid = true
	}
	return func() (T1, T2) {
		OnceDo(&once, g)
		if !valid {
			panic(p)
		}
		return r1, r2
	}
}

// worldCond is a sync.Cond's waiters in a world, each with a channel of
// its own that Signal or Broadcast fills.
type worldCond struct {
	rt      sim.Runtime
	waiters []sim.Chan[struct{}]
}

func condOf(rt sim.Runtime, c *sync.Cond) *worldCond {
	return sim.Local(rt, c, func() *worldCond { return &worldCond{rt: rt} })
}

// CondWait is c.Wait(): as in sync.Cond, the waiter is queued before c.L
// is unlocked, so a Signal between the two is not lost.
func CondWait(c *sync.Cond) {
	if rt := sim.CurrentFor(c, "plain.CondWait"); rt != nil {
		wc := condOf(rt, c)
		ch := sim.NewChan[struct{}](rt, 1)
		wc.waiters = append(wc.waiters, ch)
		LockerUnlock(c.L)
		ch.Recv()
		LockerLock(c.L)
		return
	}
	c.Wait()
}

// CondSignal is c.Signal(): it wakes the longest waiting goroutine.
func CondSignal(c *sync.Cond) {
	if rt := sim.CurrentFor(c, "plain.CondSignal"); rt != nil {
		wc := condOf(rt, c)
		rt.Yield()
		if len(wc.waiters) > 0 {
			ch := wc.waiters[0]
			wc.waiters = wc.waiters[1:]
			ch.Send(struct{}{})
		}
		return
	}
	c.Signal()
}

// CondBroadcast is c.Broadcast().
func CondBroadcast(c *sync.Cond) {
	if rt := sim.CurrentFor(c, "plain.CondBroadcast"); rt != nil {
		wc := condOf(rt, c)
		rt.Yield()
		ws := wc.waiters
		wc.waiters = nil
		for _, ch := range ws {
			ch.Send(struct{}{})
		}
		return
	}
	c.Broadcast()
}

// Point is a scheduling point placed before an atomic operation: the
// rewriter turns atomic.AddInt64(&x, 1) into atomic.AddInt64(Point(&x), 1)
// and x.Add(1) into Point(&x).Add(1). It returns v unchanged. An atomic
// operation is safe from any goroutine, so Point checks no ownership.
func Point[T any](v T) T {
	if rt := sim.Current(); rt != nil {
		rt.Yield()
	}
	return v
}
