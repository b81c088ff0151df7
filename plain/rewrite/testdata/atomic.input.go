// sync/atomic: functions get a scheduling point on their address, typed
// atomics on their receiver (embedded ones included).
package main

import (
	"fmt"
	"sync/atomic"
)

type stats struct {
	atomic.Int64
	hits atomic.Uint32
	p    atomic.Pointer[string]
}

func main() {
	var n int64
	atomic.AddInt64(&n, 2)
	fmt.Println(atomic.LoadInt64(&n), atomic.CompareAndSwapInt64(&n, 2, 3))
	var s stats
	s.Add(4)
	s.hits.Add(1)
	ps := &s
	ps.hits.Store(5)
	str := "x"
	s.p.Store(&str)
	fmt.Println(s.Load(), ps.hits.Load(), *s.p.Load())
	var v atomic.Value
	v.Store(1)
	fmt.Println(v.Load())
}
