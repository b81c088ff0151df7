package sim

// The world's sync primitives. Parked goroutines wait in FIFO queues, so no
// goroutine spins.

type wmutex struct {
	w       *world
	id      int
	locked  bool
	waiters waitq
}

func (m *wmutex) lock() {
	g := m.w.point(OpLock, m.id)
	for m.locked {
		m.waiters.push(g.waiter(0, false))
		m.w.park(g, OpLock, m.id)
	}
	m.locked = true
}

func (m *wmutex) tryLock() bool {
	m.w.point(OpLock, m.id)
	if m.locked {
		return false
	}
	m.locked = true
	return true
}

func (m *wmutex) unlock() {
	m.w.point(OpUnlock, m.id)
	if !m.locked {
		panic(plainError("sync: unlock of unlocked mutex"))
	}
	// As in sync.Mutex's normal mode, the woken waiter competes for the
	// lock with goroutines that arrive meanwhile (a TryLock may win); it
	// queues again if it loses.
	m.locked = false
	if wt := m.waiters.pop(); wt != nil {
		m.w.wake(wt)
	}
}

type wrwmutex struct {
	w       *world
	id      int
	readers int
	writer  bool
	rq, wq  waitq
}

func (m *wrwmutex) rlock() {
	g := m.w.point(OpRLock, m.id)
	if !m.writer && m.wq.empty() { // a waiting writer keeps new readers out
		m.readers++
		return
	}
	m.rq.push(g.waiter(0, false))
	m.w.park(g, OpRLock, m.id)
}

func (m *wrwmutex) tryRLock() bool {
	m.w.point(OpRLock, m.id)
	if m.writer || !m.wq.empty() {
		return false
	}
	m.readers++
	return true
}

func (m *wrwmutex) tryLock() bool {
	m.w.point(OpLock, m.id)
	if m.writer || m.readers > 0 {
		return false
	}
	m.writer = true
	return true
}

func (m *wrwmutex) runlock() {
	m.w.point(OpRUnlock, m.id)
	if m.readers <= 0 {
		panic(plainError("sync: RUnlock of unlocked RWMutex"))
	}
	m.readers--
	if m.readers == 0 {
		if wt := m.wq.pop(); wt != nil {
			m.writer = true
			m.w.wake(wt)
		}
	}
}

func (m *wrwmutex) lock() {
	g := m.w.point(OpLock, m.id)
	if !m.writer && m.readers == 0 {
		m.writer = true
		return
	}
	m.wq.push(g.waiter(0, false))
	m.w.park(g, OpLock, m.id)
}

func (m *wrwmutex) unlock() {
	m.w.point(OpUnlock, m.id)
	if !m.writer {
		panic(plainError("sync: Unlock of unlocked RWMutex"))
	}
	m.writer = false
	if !m.rq.empty() { // readers that waited go first, as in sync.RWMutex
		for wt := m.rq.pop(); wt != nil; wt = m.rq.pop() {
			m.readers++
			m.w.wake(wt)
		}
		return
	}
	if wt := m.wq.pop(); wt != nil {
		m.writer = true
		m.w.wake(wt)
	}
}

type wwaitgroup struct {
	w       *world
	id      int
	n       int
	waiters waitq
}

func (wg *wwaitgroup) add(delta int) {
	wg.w.point(OpWGAdd, wg.id)
	wg.n += delta
	if wg.n < 0 {
		panic(plainError("sync: negative WaitGroup counter"))
	}
	if wg.n == 0 {
		for wt := wg.waiters.pop(); wt != nil; wt = wg.waiters.pop() {
			wg.w.wake(wt)
		}
	}
}

func (wg *wwaitgroup) wait() {
	g := wg.w.point(OpWGWait, wg.id)
	if wg.n == 0 {
		return
	}
	wg.waiters.push(g.waiter(0, false))
	wg.w.park(g, OpWGWait, wg.id)
}

type wonce struct {
	w       *world
	id      int
	done    bool
	running bool
	waiters waitq
}

func (o *wonce) do(f func()) {
	g := o.w.point(OpOnce, o.id)
	if o.done {
		return
	}
	if o.running { // a second Do waits for the first to return
		o.waiters.push(g.waiter(0, false))
		o.w.park(g, OpOnce, o.id)
		return
	}
	o.running = true
	defer func() {
		o.done, o.running = true, false
		for wt := o.waiters.pop(); wt != nil; wt = o.waiters.pop() {
			o.w.wake(wt)
		}
	}()
	f()
}
