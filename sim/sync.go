package sim

import "sync"

// Mutex is a mutual exclusion lock with sync.Mutex's semantics, made by
// [Runtime.NewMutex]. Unlocking an unlocked Mutex panics (sync.Mutex makes
// it a fatal error; a world reports it as a panic of the goroutine).
type Mutex struct {
	r *sync.Mutex
	w *wmutex
}

// Lock locks m, blocking until it is available.
func (m *Mutex) Lock() {
	if m.r != nil {
		m.r.Lock()
		return
	}
	m.world("Lock").lock()
}

// TryLock locks m if it is free and reports whether it did.
func (m *Mutex) TryLock() bool {
	if m.r != nil {
		return m.r.TryLock()
	}
	return m.world("TryLock").tryLock()
}

// Unlock unlocks m.
func (m *Mutex) Unlock() {
	if m.r != nil {
		m.r.Unlock()
		return
	}
	m.world("Unlock").unlock()
}

func (m *Mutex) world(op string) *wmutex {
	if m.w == nil {
		panic("sim: Mutex." + op + " on a zero Mutex: make it with Runtime.NewMutex")
	}
	return m.w
}

// RWMutex is a reader/writer lock with sync.RWMutex's semantics, made by
// [Runtime.NewRWMutex]: a blocked Lock keeps new readers out.
type RWMutex struct {
	r *sync.RWMutex
	w *wrwmutex
}

func (m *RWMutex) world(op string) *wrwmutex {
	if m.w == nil {
		panic("sim: RWMutex." + op + " on a zero RWMutex: make it with Runtime.NewRWMutex")
	}
	return m.w
}

// Lock locks m for writing.
func (m *RWMutex) Lock() {
	if m.r != nil {
		m.r.Lock()
		return
	}
	m.world("Lock").lock()
}

// Unlock unlocks m for writing.
func (m *RWMutex) Unlock() {
	if m.r != nil {
		m.r.Unlock()
		return
	}
	m.world("Unlock").unlock()
}

// RLock locks m for reading.
func (m *RWMutex) RLock() {
	if m.r != nil {
		m.r.RLock()
		return
	}
	m.world("RLock").rlock()
}

// TryLock locks m for writing if it is free and reports whether it did.
func (m *RWMutex) TryLock() bool {
	if m.r != nil {
		return m.r.TryLock()
	}
	return m.world("TryLock").tryLock()
}

// TryRLock locks m for reading if no writer holds or waits for it, and
// reports whether it did.
func (m *RWMutex) TryRLock() bool {
	if m.r != nil {
		return m.r.TryRLock()
	}
	return m.world("TryRLock").tryRLock()
}

// RUnlock undoes one RLock.
func (m *RWMutex) RUnlock() {
	if m.r != nil {
		m.r.RUnlock()
		return
	}
	m.world("RUnlock").runlock()
}

// WaitGroup waits for a collection of goroutines to finish, with
// sync.WaitGroup's semantics, made by [Runtime.NewWaitGroup]. A negative
// counter panics.
type WaitGroup struct {
	rt Runtime
	r  *sync.WaitGroup
	w  *wwaitgroup
}

func (wg *WaitGroup) world(op string) *wwaitgroup {
	if wg.w == nil {
		panic("sim: WaitGroup." + op + " on a zero WaitGroup: make it with Runtime.NewWaitGroup")
	}
	return wg.w
}

// Add adds delta to the counter.
func (wg *WaitGroup) Add(delta int) {
	if wg.r != nil {
		wg.r.Add(delta)
		return
	}
	wg.world("Add").add(delta)
}

// Done decrements the counter by one.
func (wg *WaitGroup) Done() { wg.Add(-1) }

// Wait blocks until the counter is zero.
func (wg *WaitGroup) Wait() {
	if wg.r != nil {
		wg.r.Wait()
		return
	}
	wg.world("Wait").wait()
}

// Go starts f as a goroutine named name and counts it in the group, as
// sync.WaitGroup.Go does: the usual way to start a goroutine that the
// starter must join.
func (wg *WaitGroup) Go(name string, f func()) {
	wg.Add(1)
	wg.rt.Go(name, func() {
		defer func() {
			// f has returned: the goroutine is joined once Wait sees it,
			// whatever its owner's join check (Group.Joined) finds.
			wg.rt.leaveScope()
			wg.Done()
		}()
		f()
	})
}

// Once performs exactly one action, with sync.Once's semantics, made by
// [Runtime.NewOnce]: a second Do waits for the first to return.
type Once struct {
	r *sync.Once
	w *wonce
}

// Do calls f if and only if Do has not been called before on o.
func (o *Once) Do(f func()) {
	if o.r != nil {
		o.r.Do(f)
		return
	}
	if o.w == nil {
		panic("sim: Once.Do on a zero Once: make it with Runtime.NewOnce")
	}
	o.w.do(f)
}
