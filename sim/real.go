package sim

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sync"
	"time"
)

// NewReal returns the real kit: native goroutines, channels, sync
// primitives, the wall clock and the context package, with next to no
// overhead. Choose draws from a generator seeded with seed. Production code
// and the real engine run on it.
func NewReal(seed uint64) Runtime {
	return &realKit{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

type realKit struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func (r *realKit) kit() Runtime { return r }

func (*realKit) Go(name string, f func()) { go f() }

// The real kit has no goroutine-local owner: a Group counts its own
// members (see Group.Joined).
func (*realKit) goOwned(name string, owner *scope, f func()) { go f() }
func (*realKit) currentScope() *scope                        { return nil }
func (*realKit) leaveScope()                                 {}
func (*realKit) joinCheck(*scope) *Failure                   { return nil }
func (*realKit) Yield()                                      {}
func (*realKit) Now() time.Time                              { return time.Now() }
func (*realKit) Sleep(d time.Duration)                       { time.Sleep(d) }

func (*realKit) NewTimer(d time.Duration) *Timer {
	t := time.NewTimer(d)
	return &Timer{C: realTimerChan(t.C), r: t}
}

func (*realKit) After(d time.Duration) Chan[time.Time] { return realTimerChan(time.After(d)) }

func (*realKit) NewMutex() *Mutex           { return &Mutex{r: new(sync.Mutex)} }
func (*realKit) NewRWMutex() *RWMutex       { return &RWMutex{r: new(sync.RWMutex)} }
func (k *realKit) NewWaitGroup() *WaitGroup { return &WaitGroup{rt: k, r: new(sync.WaitGroup)} }
func (*realKit) NewOnce() *Once             { return &Once{r: new(sync.Once)} }

func (*realKit) WithCancel(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}

func (*realKit) WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(parent, d)
}

func (*realKit) WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}

func (k *realKit) Choose(label string, n int) int {
	if n < 1 {
		panic("sim: Choose(" + label + "): n must be at least 1")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.rng.IntN(n)
}

func (*realKit) Trace(int, string) {}

// Select on the real kit: the common shapes (one case; one case and a
// default) go straight to native operations, the rest through
// reflect.Select.
func (*realKit) Select(cases ...Case) int {
	def := checkCases(cases, true)
	if len(cases) == 2 && def >= 0 {
		if i := 1 - def; tryRealCase(cases[i]) {
			return i
		}
		return def
	}
	if len(cases) == 1 && def < 0 {
		c := cases[0]
		switch c.kind {
		case caseSend, caseRecv:
			// fall through to reflect: a blocking single case is rare
		case caseDone:
			if d := c.ctx.Done(); d != nil {
				<-d
				return 0
			}
		}
	}
	sc := make([]reflect.SelectCase, len(cases))
	for i, c := range cases {
		switch c.kind {
		case caseSend:
			sc[i] = c.impl.reflectCase(reflect.SelectSend)
		case caseRecv:
			sc[i] = c.impl.reflectCase(reflect.SelectRecv)
		case caseDone:
			// A nil Done channel (context.Background) never proceeds, as
			// reflect.Select treats a zero Chan value.
			if d := c.ctx.Done(); d != nil {
				sc[i] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(d)}
			} else {
				sc[i] = reflect.SelectCase{Dir: reflect.SelectRecv}
			}
		case caseDefault:
			sc[i] = reflect.SelectCase{Dir: reflect.SelectDefault}
		case caseNil:
			sc[i] = reflect.SelectCase{Dir: reflect.SelectRecv}
		}
	}
	i, v, ok := reflect.Select(sc)
	if cases[i].kind == caseRecv {
		cases[i].impl.received(v, ok)
	}
	return i
}

func tryRealCase(c Case) bool {
	switch c.kind {
	case caseSend:
		return c.impl.trySend()
	case caseRecv:
		return c.impl.tryRecv()
	case caseDone:
		select {
		case <-c.ctx.Done():
			return true
		default:
			return false
		}
	}
	return false
}
