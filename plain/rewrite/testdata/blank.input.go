// An import whose only uses were rewritten stays as a blank import; a
// dot import too.
package main

import (
	"math/rand"
	"runtime"
	"sync"
	. "sync/atomic"
	t "time"
)

func main() {
	t.Sleep(1)
	runtime.Gosched()
	var n int32
	AddInt32(&n, 1)
	_ = rand.Intn(3)
	f := sync.OnceFunc(func() {})
	f()
}
