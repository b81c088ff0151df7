//line atomic.input.go:1
// sync/atomic: functions get a scheduling point on their address, typed
// atomics on their receiver (embedded ones included).
package main; import execsim_plain "github.com/execsim/execsim/plain"

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
	atomic.AddInt64(execsim_plain.Point(&n), 2)
	fmt.Println(atomic.LoadInt64(execsim_plain.Point(&n)), atomic.CompareAndSwapInt64(execsim_plain.Point(&n), 2, 3))
	var s stats
	execsim_plain.Point(&s.Int64).Add(4)
	execsim_plain.Point(&s.hits).Add(1)
	ps := &s
	execsim_plain.Point(&ps.hits).Store(5)
	str := "x"
	execsim_plain.Point(&s.p).Store(&str)
	fmt.Println(execsim_plain.Point(&s.Int64).Load(), execsim_plain.Point(&ps.hits).Load(), *execsim_plain.Point(&s.p).Load())
	var v atomic.Value
	execsim_plain.Point(&v).Store(1)
	fmt.Println(execsim_plain.Point(&v).Load())
}
