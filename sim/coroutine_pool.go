package sim

import "sync"

// A CoroutinePool keeps the native goroutines that ended worlds ran their
// goroutines on, parked, for the worlds that come after them. A world
// starts each goroutine on a native goroutine of its own, and that
// goroutine's stack grows by copying as the code calls deeper; a sweep of
// many short worlds pays both costs in every world (issue 19: about a
// tenth of a scenario run). Worlds given the same pool (Options.Coroutines)
// reuse those goroutines, stacks already grown.
//
// A pool holds native goroutines between runs, so its owner must Close it
// when the last world is done: goleak, or any count of the process's
// goroutines, sees the parked ones until then. Worlds may share a pool
// while they run in parallel. The zero value is an empty, open pool.
//
// Not for coverage-guided fuzzing: which of the kit's paths a world takes
// (a fresh goroutine or a parked one) then depends on the inputs before
// it, so an input's new coverage need not come back when the fuzzer runs
// it again to minimize it. FuzzLifecycle with a pool spent its time
// minimizing such inputs (tens of executions a second against 4,500).
type CoroutinePool struct {
	mu     sync.Mutex
	free   []*coroutine
	closed bool
}

// coroutinePoolMax bounds what a pool keeps: a world of thousands of
// goroutines leaves thousands free, and a pool is for the next world's
// few dozen, not for holding that many native goroutines parked.
const coroutinePoolMax = 256

// Close stops every goroutine the pool keeps. Worlds that run with the pool
// afterwards start their goroutines anew and keep none; Close may be called
// again.
func (p *CoroutinePool) Close() {
	p.mu.Lock()
	free := p.free
	p.free, p.closed = nil, true
	p.mu.Unlock()
	for _, c := range free {
		c.stop()
	}
}

// Len is the number of native goroutines the pool keeps parked.
func (p *CoroutinePool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.free)
}

func (p *CoroutinePool) take() *coroutine {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.free)
	if n == 0 {
		return nil
	}
	c := p.free[n-1]
	p.free[n-1] = nil
	p.free = p.free[:n-1]
	return c
}

// put keeps c, parked, and reports whether it did: not when the pool is
// nil, closed or full.
func (p *CoroutinePool) put(c *coroutine) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.free) >= coroutinePoolMax {
		return false
	}
	p.free = append(p.free, c)
	return true
}
