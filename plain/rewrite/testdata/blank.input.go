// An import whose only uses were rewritten stays as a blank import; a
// dot import too.
package main

import (
	"runtime"
	. "sync/atomic"
	t "time"
)

func main() {
	t.Sleep(1)
	runtime.Gosched()
	var n int32
	AddInt32(&n, 1)
}
