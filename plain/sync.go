package plain

import "sync"

// Lock is m.Lock().
func Lock(m *sync.Mutex) { m.Lock() }

// Unlock is m.Unlock().
func Unlock(m *sync.Mutex) { m.Unlock() }

// TryLock is m.TryLock().
func TryLock(m *sync.Mutex) bool { return m.TryLock() }

// RWLock is m.Lock() on a sync.RWMutex.
func RWLock(m *sync.RWMutex) { m.Lock() }

// RWUnlock is m.Unlock() on a sync.RWMutex.
func RWUnlock(m *sync.RWMutex) { m.Unlock() }

// RWTryLock is m.TryLock() on a sync.RWMutex.
func RWTryLock(m *sync.RWMutex) bool { return m.TryLock() }

// RLock is m.RLock().
func RLock(m *sync.RWMutex) { m.RLock() }

// RUnlock is m.RUnlock().
func RUnlock(m *sync.RWMutex) { m.RUnlock() }

// TryRLock is m.TryRLock().
func TryRLock(m *sync.RWMutex) bool { return m.TryRLock() }

// RLocker is m.RLocker().
func RLocker(m *sync.RWMutex) sync.Locker { return m.RLocker() }

// LockerLock is l.Lock() on a sync.Locker.
func LockerLock(l sync.Locker) { l.Lock() }

// LockerUnlock is l.Unlock() on a sync.Locker.
func LockerUnlock(l sync.Locker) { l.Unlock() }

// WaitAdd is wg.Add(delta).
func WaitAdd(wg *sync.WaitGroup, delta int) { wg.Add(delta) }

// WaitDone is wg.Done().
func WaitDone(wg *sync.WaitGroup) { wg.Done() }

// WaitWait is wg.Wait().
func WaitWait(wg *sync.WaitGroup) { wg.Wait() }

// WaitGo is wg.Go(f).
func WaitGo(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

// OnceDo is o.Do(f).
func OnceDo(o *sync.Once, f func()) { o.Do(f) }

// OnceFunc is sync.OnceFunc(f).
func OnceFunc(f func()) func() { return sync.OnceFunc(f) }

// OnceValue is sync.OnceValue(f).
func OnceValue[T any](f func() T) func() T { return sync.OnceValue(f) }

// OnceValues is sync.OnceValues(f).
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) { return sync.OnceValues(f) }

// CondWait is c.Wait().
func CondWait(c *sync.Cond) { c.Wait() }

// CondSignal is c.Signal().
func CondSignal(c *sync.Cond) { c.Signal() }

// CondBroadcast is c.Broadcast().
func CondBroadcast(c *sync.Cond) { c.Broadcast() }

// Point is a scheduling point placed before an atomic operation: the
// rewriter turns atomic.AddInt64(&x, 1) into atomic.AddInt64(Point(&x), 1)
// and x.Add(1) into Point(&x).Add(1). It returns v unchanged.
func Point[T any](v T) T { return v }
