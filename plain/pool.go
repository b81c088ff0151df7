package plain

import (
	"sync"

	"github.com/execsim/execsim/sim"
)

// A sync.Pool is process-wide, and what it hands out depends on what was
// put in it before and on when the garbage collector last emptied it: in
// a world, what one run put would reach the next run, and a seed would no
// longer fix what it tests. So in a world each pool is the world's own,
// empty when the run starts, and Get asks the world's Chooser whether it
// takes the item put last or a new one (New's, or nil). Both are what
// sync.Pool may do: it may drop any item at any time. A seed so explores
// the reuse of an object its owner did not reset, and replays the same.

// worldPoolMax bounds what a world's pool keeps, as the garbage collector
// bounds a sync.Pool: a loop that puts more than it gets would otherwise
// grow it for the whole run.
const worldPoolMax = 64

type worldPool struct{ items []any }

func worldPoolOf(rt sim.Runtime, p *sync.Pool) *worldPool {
	return sim.Local(rt, p, func() *worldPool { return &worldPool{} })
}

// PoolGet is p.Get().
func PoolGet(p *sync.Pool) any {
	if rt := sim.CurrentFor(p, "plain.PoolGet"); rt != nil {
		wp := worldPoolOf(rt, p)
		// Answer 0, what shrinking leans to, is the usual case of a pool
		// that has an item: it is reused.
		if n := len(wp.items); n > 0 && rt.Choose("sync.Pool.Get: reuse or new", 2) == 0 {
			x := wp.items[n-1]
			wp.items[n-1] = nil
			wp.items = wp.items[:n-1]
			return x
		}
		if p.New != nil {
			return p.New()
		}
		return nil
	}
	return p.Get()
}

// PoolPut is p.Put(x).
func PoolPut(p *sync.Pool, x any) {
	if rt := sim.CurrentFor(p, "plain.PoolPut"); rt != nil {
		if x == nil { // as sync.Pool: putting nil does nothing
			return
		}
		wp := worldPoolOf(rt, p)
		if len(wp.items) == worldPoolMax {
			copy(wp.items, wp.items[1:]) // the oldest goes, as a collection would take it
			wp.items = wp.items[:worldPoolMax-1]
		}
		wp.items = append(wp.items, x)
		return
	}
	p.Put(x)
}
