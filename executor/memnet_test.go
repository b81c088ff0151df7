package executor

import (
	"context"
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
)

// memNet is a Transport on the kit alone, for worlds: a listener is a
// channel, a send puts the message on it after a delay the world draws.
// fakenet is the full simulated network; this is just enough to drive
// the executor's lifecycle.
type memNet struct {
	rt        sim.Runtime
	mu        *sim.Mutex
	listeners map[string]*memListener
	delayMax  int // ms; a send waits a drawn 0..delayMax
}

func newMemNet(rt sim.Runtime, delayMax int) *memNet {
	return &memNet{rt: rt, mu: rt.NewMutex(), listeners: map[string]*memListener{}, delayMax: delayMax}
}

type memListener struct {
	n      *memNet
	addr   string
	ch     sim.Chan[Message]
	closed sim.Chan[struct{}]
	done   bool
}

func (n *memNet) Listen(addr string) (Listener, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.listeners[addr]; ok {
		return nil, fmt.Errorf("memnet: listen %s: %w", addr, ErrAddrInUse)
	}
	l := &memListener{n: n, addr: addr, ch: sim.NewChan[Message](n.rt, 16), closed: sim.NewChan[struct{}](n.rt, 0)}
	n.listeners[addr] = l
	return l, nil
}

func (n *memNet) Send(ctx context.Context, addr string, msg Message) error {
	if n.delayMax > 0 {
		if d := n.rt.Choose("memnet-delay", n.delayMax+1); d > 0 {
			n.rt.Sleep(time.Duration(d) * time.Millisecond)
		}
	}
	n.mu.Lock()
	l := n.listeners[addr]
	n.mu.Unlock()
	if l == nil {
		return fmt.Errorf("memnet: send to %s: %w", addr, ErrRefused)
	}
	switch n.rt.Select(l.ch.SendCase(msg), l.closed.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("memnet: send to %s: %w", addr, ErrRefused)
	}
	return ctx.Err()
}

func (l *memListener) Addr() string { return l.addr }

func (l *memListener) Recv(ctx context.Context) (Message, error) {
	var m Message
	switch l.n.rt.Select(l.ch.RecvCase(&m, nil), l.closed.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		return m, nil
	case 1:
		return Message{}, fmt.Errorf("memnet: recv on %s: %w", l.addr, ErrClosed)
	}
	return Message{}, ctx.Err()
}

func (l *memListener) Close() error {
	l.n.mu.Lock()
	defer l.n.mu.Unlock()
	if !l.done {
		l.done = true
		delete(l.n.listeners, l.addr)
		l.closed.Close()
	}
	return nil
}
