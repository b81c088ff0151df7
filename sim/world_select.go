package sim

import "slices"

// Select in a world: the ready cases are found, one is chosen by the
// Chooser, and it proceeds; with none ready, the goroutine parks on every
// case's queue at once and the first counterpart to arrive fires it.

func (w *world) Select(cases ...Case) int {
	def := checkCases(cases, false)
	g := w.point(OpSelect, 0)
	// The world side of each case is kept in the world's scratch, reused
	// by every select: it is read only until the goroutine parks, and no
	// other goroutine runs before that. An array on the stack served up
	// to eight cases, and the executor's larger selects allocated one, 2%
	// of a run's allocations (issue 19).
	wcs := slices.Grow(w.selectCases[:0], len(cases))[:len(cases)]
	w.selectCases = wcs
	ready := 0
	for i := range cases {
		wc := w.worldCase(&cases[i])
		wcs[i] = wc
		if wc != nil && wc.ready() {
			ready++
		}
	}
	if ready > 0 {
		k := 0
		if ready > 1 {
			k = w.choose(Decision{Kind: SelectDecision, N: ready, Current: g.id, Local: g.steps, Step: w.step})
		}
		for i, wc := range wcs {
			if wc == nil || !wc.ready() {
				continue
			}
			if k == 0 {
				wc.commit(cases[i].dst)
				return i
			}
			k--
		}
	}
	if def >= 0 {
		return def
	}
	objs := w.selectObjs[:0]
	if len(cases) > 0 {
		g.waiter(len(cases)-1, true) // grow first: queues keep pointers into g.waiters
	}
	for i, wc := range wcs {
		g.waiters[i] = waiter{}
		if wc == nil {
			continue
		}
		wt := g.waiter(i, true)
		wc.enqueue(wt, cases[i].dst)
		objs = append(objs, wc.objID())
	}
	w.selectObjs = objs
	w.park(g, OpSelect, objs...)
	// A receive case's value is in place already (enqueue); its ok is in
	// the waiter that fired. Other cases have no destination.
	i := g.wakeIdx
	if ok := cases[i].dst.ok; ok != nil {
		*ok = g.waiters[i].ok
	}
	return i
}

// worldCase is the world side of a case, or nil for one that never
// proceeds.
func (w *world) worldCase(c *Case) wcase {
	switch c.kind {
	case caseSend, caseRecv:
		if wc := c.impl.world(); wc != nil {
			return wc
		}
		panic("sim: Select in a world: a case on a channel the real kit made; make the channel with the world's Runtime")
	case caseDone:
		if wc := w.worldContext(c.ctx, "DoneCase"); wc != nil {
			return wc
		}
	}
	return nil
}
