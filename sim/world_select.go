package sim

// Select in a world: the ready cases are found, one is chosen by the
// Chooser, and it proceeds; with none ready, the goroutine parks on every
// case's queue at once and the first counterpart to arrive fires it.

// selectCasesInline is how many cases a select handles without allocating
// its scratch.
const selectCasesInline = 8

func (w *world) Select(cases ...Case) int {
	def := checkCases(cases, false)
	g := w.point(OpSelect, 0)
	// Selects are small, so their scratch lives on the stack: two
	// allocations a select were a twentieth of a run's (issue 19).
	var wcsBuf [selectCasesInline]wcase
	var objsBuf [selectCasesInline]int
	wcs := wcsBuf[:0]
	if len(cases) > len(wcsBuf) {
		wcs = make([]wcase, 0, len(cases))
	}
	wcs = wcs[:len(cases)]
	ready := 0
	for i := range cases {
		if wc := w.worldCase(&cases[i]); wc != nil {
			wcs[i] = wc
			if wc.ready() {
				ready++
			}
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
	objs := objsBuf[:0]
	if len(cases) > 0 {
		g.waiter(len(cases)-1, nil) // grow first: queues keep pointers into g.waiters
	}
	for i, wc := range wcs {
		g.waiters[i] = waiter{}
		if wc == nil {
			continue
		}
		wt := g.waiter(i, wc)
		wc.enqueue(wt)
		objs = append(objs, wc.objID())
	}
	w.park(g, OpSelect, objs...)
	i := g.wakeIdx
	wcs[i].finish(&g.waiters[i], cases[i].dst)
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
