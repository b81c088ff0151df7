package conformance

import (
	"sync"
	"sync/atomic"
)

func atomicAddConcurrent() []string {
	var t transcript
	var n int64
	var typed atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				atomic.AddInt64(&n, 1)
				typed.Add(2)
			}
		}()
	}
	wg.Wait()
	t.add("n=%d typed=%d", atomic.LoadInt64(&n), typed.Load())
	return t
}

func atomicCASSwap() []string {
	var t transcript
	var v int32 = 5
	t.add("CAS 5->6: %v", atomic.CompareAndSwapInt32(&v, 5, 6))
	t.add("CAS 5->7: %v", atomic.CompareAndSwapInt32(&v, 5, 7))
	t.add("Swap to 9 old: %d", atomic.SwapInt32(&v, 9))
	atomic.StoreInt32(&v, 11)
	t.add("Load: %d", atomic.LoadInt32(&v))
	var u uint64
	t.add("AddUint64 -1 wraps: %d", atomic.AddUint64(&u, ^uint64(0)))
	return t
}

func atomicTyped() []string {
	var t transcript
	var b atomic.Bool
	t.add("bool zero %v swap old %v now %v", b.Load(), b.Swap(true), b.Load())
	var u atomic.Uint32
	u.Store(3)
	t.add("uint32 CAS 3->4 %v value %d", u.CompareAndSwap(3, 4), u.Load())
	t.add("uint32 And/Or old %d old %d value %d", u.And(6), u.Or(1), u.Load())
	type node struct{ name string }
	var p atomic.Pointer[node]
	t.add("pointer nil %v", p.Load() == nil)
	a := &node{"a"}
	p.Store(a)
	old := p.Swap(&node{"b"})
	t.add("pointer swap old %s now %s", old.name, p.Load().name)
	return t
}

func atomicValue() []string {
	var t transcript
	var v atomic.Value
	t.add("empty %v", v.Load())
	v.Store("first")
	t.add("load %v", v.Load())
	t.add("swap old %v", v.Swap("second"))
	t.add("CAS second->third %v now %v", v.CompareAndSwap("second", "third"), v.Load())
	t.add("store other type: %s", panicOf(func() { v.Store(1) }))
	return t
}
