package fakenet

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

func TestLoss(t *testing.T) {
	x := exchange{cfg: Config{LinkConfig: LinkConfig{LossProbability: 0.3}}, senders: 1, count: 200}
	r := x.run(t, 1)
	require.Greater(t, r.stats.Lost, int64(20))
	require.Less(t, r.stats.Lost, int64(120))
	require.Equal(t, r.stats.Sent, r.stats.Delivered+r.stats.Lost)
	require.Equal(t, r.stats.Delivered, r.accepted, "a Send returns nil exactly when its message is delivered")
	require.Equal(t, int(r.stats.Lost), countPrefix(notes(r.res), "lost "))

	x.cfg.LossProbability = 1
	r = x.run(t, 1)
	require.Empty(t, r.got)
	require.Equal(t, int64(200), r.stats.Lost)
}

func TestDuplication(t *testing.T) {
	x := exchange{cfg: Config{LinkConfig: LinkConfig{DuplicateProbability: 0.3, LatencyMax: 5 * time.Millisecond}}, senders: 1, count: 200}
	r := x.run(t, 1)
	require.Greater(t, r.stats.Duplicated, int64(20))
	require.Equal(t, r.stats.Sent+r.stats.Duplicated, r.stats.Delivered)
	require.Equal(t, r.stats.Sent, r.accepted, "a duplicate is a second copy, not a second acceptance")
	seen := map[string]int{}
	for _, typ := range r.got {
		seen[typ]++
		require.LessOrEqual(t, seen[typ], 2, typ)
	}
	require.Len(t, seen, 200)
	require.Equal(t, int(r.stats.Duplicated), countPrefix(notes(r.res), "duplicate "))
}

func TestReordering(t *testing.T) {
	cfg := Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond, ReorderProbability: 0.2, ReorderDelayMax: 10 * time.Millisecond}}
	x := exchange{cfg: cfg, senders: 1, count: 200}
	r := x.run(t, 1)
	require.Greater(t, r.stats.Reordered, int64(10))
	require.Len(t, r.got, 200, "reordering loses nothing")
	inversions := 0
	for i := 1; i < len(r.got); i++ {
		_, a := seqOf(r.got[i-1])
		_, b := seqOf(r.got[i])
		if b < a {
			inversions++
		}
	}
	require.Greater(t, inversions, 5)
}

// TestLatency checks arrivals fall within [LatencyMin, LatencyMax] and
// spread over it.
func TestLatency(t *testing.T) {
	var lat []time.Duration
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond, LatencyMax: 20 * time.Millisecond}}))
		defer n.Close()
		a, b := must1(n.Host("a")), must1(n.Host("b"))
		l := must1(b.Listen("b:1"))
		for range 50 {
			start := rt.Now()
			must(a.Send(bg, "b:1", msg("m")))
			must1(l.Recv(bg))
			lat = append(lat, rt.Now().Sub(start))
		}
	})
	lo, hi := lat[0], lat[0]
	for _, d := range lat {
		lo, hi = min(lo, d), max(hi, d)
	}
	require.GreaterOrEqual(t, lo, 10*time.Millisecond)
	require.LessOrEqual(t, hi, 20*time.Millisecond)
	require.Greater(t, hi-lo, 5*time.Millisecond, "latencies do not spread: %v", lat)
}

func TestSetLinkOverridesOneDirection(t *testing.T) {
	var ab, ba time.Duration
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond}}))
		defer n.Close()
		a, b := must1(n.Host("a")), must1(n.Host("b"))
		must(n.SetLink("a", "b", LinkConfig{LatencyMin: time.Second}))
		la, lb := must1(a.Listen(":1")), must1(b.Listen(":1"))
		start := rt.Now()
		must(a.Send(bg, "b:1", msg("m")))
		must1(lb.Recv(bg))
		ab = rt.Now().Sub(start)
		start = rt.Now()
		must(b.Send(bg, "a:1", msg("m")))
		must1(la.Recv(bg))
		ba = rt.Now().Sub(start)
	})
	require.Equal(t, time.Second, ab)
	require.Equal(t, time.Millisecond, ba)
}

// partitionScene has hosts a, b, c listening on port 1, each with a
// receiver that records "to<-type"; step runs one phase and lets every
// copy arrive.
type partitionScene struct {
	rt   sim.Runtime
	n    *Network
	h    map[string]*Host
	got  *[]string
	wait *sim.WaitGroup
}

func newScene(rt sim.Runtime, cfg Config, got *[]string) *partitionScene {
	s := &partitionScene{rt: rt, n: must1(New(rt, cfg)), h: map[string]*Host{}, got: got, wait: rt.NewWaitGroup()}
	for _, name := range []string{"a", "b", "c"} {
		h := must1(s.n.Host(name))
		s.h[name] = h
		s.listen(name)
	}
	return s
}

func (s *partitionScene) listen(name string) {
	l := must1(s.h[name].Listen(":1"))
	s.wait.Go("receiver "+name, func() {
		for {
			m, err := l.Recv(bg)
			if err != nil {
				return
			}
			*s.got = append(*s.got, name+"<-"+m.Type)
		}
	})
}

// sendAll sends "from>to/tag" along every ordered pair of a, b, c.
func (s *partitionScene) sendAll(tag string) {
	for _, from := range []string{"a", "b", "c"} {
		for _, to := range []string{"a", "b", "c"} {
			if from != to {
				unheard(sendWithin(s.rt, s.h[from], to+":1", msg(from+">"+to+"/"+tag)))
			}
		}
	}
	s.rt.Sleep(time.Second)
}

func (s *partitionScene) close() {
	must(s.n.Close())
	s.wait.Wait()
}

func TestPartitionTwoWayAndHeal(t *testing.T) {
	var got []string
	var stats LinkStats
	res := world(t, 1, func(rt sim.Runtime) {
		s := newScene(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond}}, &got)
		must(s.n.Partition("a", "b"))
		s.sendAll("cut")
		must(s.n.Heal("b", "a"))
		s.sendAll("healed")
		stats = must1(s.n.LinkStats("a", "b"))
		s.close()
	})
	require.ElementsMatch(t, []string{
		"a<-c>a/cut", "b<-c>b/cut", "c<-a>c/cut", "c<-b>c/cut",
		"a<-b>a/healed", "b<-a>b/healed", "a<-c>a/healed", "b<-c>b/healed", "c<-a>c/healed", "c<-b>c/healed",
	}, got)
	require.Equal(t, int64(1), stats.DroppedPartition)
	ns := notes(res)
	require.Contains(t, ns, "partition a<->b")
	require.Contains(t, ns, "heal b<->a")
	require.Equal(t, 2, countPrefix(ns, "drop partition "))
}

func TestPartitionOneWay(t *testing.T) {
	var got []string
	world(t, 1, func(rt sim.Runtime) {
		s := newScene(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond}}, &got)
		must(s.n.PartitionOneWay("a", "b"))
		s.sendAll("cut")
		s.n.HealAll()
		s.sendAll("healed")
		s.close()
	})
	require.NotContains(t, got, "b<-a>b/cut")
	require.Contains(t, got, "a<-b>a/cut", "the other direction still works")
	require.Contains(t, got, "b<-a>b/healed")
	require.Len(t, got, 11)
}

// TestPartitionDropsInFlight: a message in flight when the link is cut is
// dropped on arrival; one whose link heals before it arrives gets through.
// A partition gives no answer: the senders of the dropped ones hear
// nothing until their deadline.
func TestPartitionDropsInFlight(t *testing.T) {
	var got []string
	var stats LinkStats
	var dropped, cutAtSend, survives error
	world(t, 1, func(rt sim.Runtime) {
		s := newScene(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond}}, &got)
		senders := rt.NewWaitGroup()
		senders.Go("send dropped", func() { dropped = sendWithin(rt, s.h["a"], "b:1", msg("dropped")) })
		rt.Sleep(5 * time.Millisecond)
		must(s.n.Partition("a", "b"))
		rt.Sleep(10 * time.Millisecond)
		senders.Go("send cut-at-send", func() { cutAtSend = sendWithin(rt, s.h["a"], "b:1", msg("cut-at-send")) })
		rt.Sleep(time.Millisecond)
		must(s.n.Heal("a", "b"))
		senders.Go("send survives", func() { survives = sendWithin(rt, s.h["a"], "b:1", msg("survives")) })
		rt.Sleep(2 * time.Millisecond)
		must(s.n.Partition("a", "b"))
		rt.Sleep(2 * time.Millisecond)
		must(s.n.Heal("a", "b"))
		senders.Wait()
		stats = must1(s.n.LinkStats("a", "b"))
		s.close()
	})
	require.Equal(t, []string{"b<-survives"}, got)
	require.Equal(t, int64(2), stats.DroppedPartition)
	require.Equal(t, int64(3), stats.Sent)
	require.ErrorIs(t, dropped, context.DeadlineExceeded)
	require.ErrorIs(t, cutAtSend, context.DeadlineExceeded)
	require.NoError(t, survives)
}

func TestCrashAndRestart(t *testing.T) {
	var (
		recvErr, sendTo, sendFrom, listenDown, listenHeld, listenOther error
		inFlightTo, inFlightFrom                                       error
		listenLater                                                    transport.Listener
		got                                                            []string
		ab, ba                                                         LinkStats
		upDuring, upAfter                                              bool
	)
	res := world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond}, PortHoldAfterCrash: time.Second}))
		a, b := must1(n.Host("a")), must1(n.Host("b"))
		la := must1(a.Listen(":1"))
		lb := must1(b.Listen(":1"))
		must1(b.Listen(":2"))
		wg := rt.NewWaitGroup()
		wg.Go("b receiver", func() { _, recvErr = lb.Recv(bg) })
		wg.Go("send to-b", func() { inFlightTo = a.Send(bg, "b:1", msg("to-b")) })       // in flight when b crashes
		wg.Go("send from-b", func() { inFlightFrom = b.Send(bg, "a:1", msg("from-b")) }) // likewise
		rt.Sleep(5 * time.Millisecond)
		must(n.Crash("b"))
		must(n.Crash("b")) // a crashed host stays crashed
		upDuring = n.Up("b")
		wg.Wait()
		sendTo = a.Send(bg, "b:1", msg("x"))
		sendFrom = b.Send(bg, "a:1", msg("x"))
		_, listenDown = b.Listen(":1")
		rt.Sleep(time.Second / 2)
		must(n.Restart("b"))
		must(n.Restart("b"))
		upAfter = n.Up("b")
		_, listenHeld = b.Listen(":1")
		_, listenOther = b.Listen(":3") // not bound at the crash: free
		rt.Sleep(time.Second / 2)
		listenLater = must1(b.Listen(":1"))
		must(a.Send(bg, "b:1", msg("after-restart")))
		m := must1(listenLater.Recv(bg))
		got = append(got, m.Type)
		ctx, cancel := rt.WithTimeout(bg, time.Second)
		defer cancel()
		if m, err := la.Recv(ctx); err == nil {
			got = append(got, m.Type) // must not happen: from-b was dropped
		}
		ab, ba = must1(n.LinkStats("a", "b")), must1(n.LinkStats("b", "a"))
		must(n.Close())
	})
	require.ErrorIs(t, recvErr, transport.ErrClosed, "a crash closes the host's listeners")
	require.ErrorIs(t, inFlightTo, transport.ErrRefused, "a send to a host that crashes is reset")
	require.ErrorIs(t, inFlightFrom, transport.ErrClosed, "a send from a host that crashes fails")
	require.False(t, upDuring)
	require.True(t, upAfter)
	require.ErrorIs(t, sendTo, transport.ErrRefused)
	require.ErrorIs(t, sendFrom, transport.ErrClosed)
	require.ErrorContains(t, listenDown, "down")
	require.ErrorIs(t, listenHeld, transport.ErrAddrInUse)
	require.ErrorContains(t, listenHeld, "crashed")
	require.NoError(t, listenOther)
	require.Equal(t, []string{"after-restart"}, got)
	require.Equal(t, int64(1), ab.DroppedCrash)
	require.Equal(t, int64(1), ba.DroppedCrash)
	require.Equal(t, int64(1), ab.Refused)
	ns := notes(res)
	require.Contains(t, ns, "crash b")
	require.Contains(t, ns, "restart b")
	require.Equal(t, 2, countPrefix(ns, "drop crash "))
	require.Equal(t, 1, countPrefix(ns, "crash b:1"))
	require.Equal(t, 1, countPrefix(ns, "crash b:2"))
}

func TestCrashFreesPortsAtOnceByDefault(t *testing.T) {
	var err error
	world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{}))
		defer n.Close()
		a := must1(n.Host("a"))
		must1(a.Listen(":1"))
		must(n.Crash("a"))
		must(n.Restart("a"))
		_, err = a.Listen(":1")
	})
	require.NoError(t, err)
}

func TestAddrInUseAndRefused(t *testing.T) {
	var inUse, afterClose, refusedPort, refusedHost error
	var ports []string
	var totals LinkStats
	res := world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{}))
		defer n.Close()
		a, b := must1(n.Host("a")), must1(n.Host("b"))
		l := must1(b.Listen("b:1"))
		_, inUse = b.Listen(":1")
		must(l.Close())
		must(l.Close()) // idempotent
		_, afterClose = b.Listen("b:1")
		refusedPort = a.Send(bg, "b:2", msg("x"))
		refusedHost = a.Send(bg, "nohost:1", msg("x"))
		for range 3 {
			ports = append(ports, must1(b.Listen(":0")).Addr())
		}
		totals = n.Totals()
	})
	require.ErrorIs(t, inUse, transport.ErrAddrInUse)
	require.NoError(t, afterClose)
	require.ErrorIs(t, refusedPort, transport.ErrRefused)
	require.ErrorIs(t, refusedHost, transport.ErrRefused)
	require.ErrorContains(t, refusedHost, "unknown host")
	require.Equal(t, []string{"b:49152", "b:49153", "b:49154"}, ports)
	require.Equal(t, int64(2), totals.Refused)
	require.Equal(t, 2, countPrefix(notes(res), "refused "))
}

// A listener that closes accounts for every message sent to it: one in
// flight is dropped and its Send refused; one accepted and never received
// is discarded, counted and traced.
func TestClosedListenerDropsInFlight(t *testing.T) {
	var stats LinkStats
	var inFlight error
	res := world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{LinkConfig: LinkConfig{LatencyMin: 10 * time.Millisecond}}))
		defer n.Close()
		a := must1(n.Host("a"))
		l := must1(a.Listen(":1"))
		must(a.Send(bg, "a:1", msg("accepted")))
		senders := rt.NewWaitGroup()
		senders.Go("send", func() { inFlight = a.Send(bg, "a:1", msg("x")) })
		rt.Sleep(time.Millisecond)
		must(l.Close())
		senders.Wait()
		l2 := must1(a.Listen(":1")) // a new listener does not get the old one's mail
		rt.Sleep(time.Second)
		ctx, cancel := rt.WithTimeout(bg, time.Millisecond)
		defer cancel()
		if _, err := l2.Recv(ctx); err == nil {
			panic("the new listener received the old one's message")
		}
		stats = must1(n.LinkStats("a", "a"))
	})
	require.Equal(t, int64(1), stats.DroppedClosed)
	require.Equal(t, int64(1), stats.Discarded)
	require.Equal(t, int64(1), stats.Delivered)
	require.ErrorIs(t, inFlight, transport.ErrRefused)
	ns := notes(res)
	require.Equal(t, 1, countPrefix(ns, "discard a->a:1 accepted"))
	require.Equal(t, 1, countPrefix(ns, "drop closed a->a:1"))
}

// A full queue applies backpressure: arrivals beyond ListenerQueueMax wait
// for room, their Sends with them, and are accepted in arrival order as
// Recv makes room; a close refuses what is still held.
func TestListenerQueueMax(t *testing.T) {
	var got []string
	var sendErrs []error
	var stats LinkStats
	var heldAtClose error
	res := world(t, 1, func(rt sim.Runtime) {
		n := must1(New(rt, Config{ListenerQueueMax: 2, LinkConfig: LinkConfig{LatencyMin: time.Millisecond}}))
		defer n.Close()
		a := must1(n.Host("a"))
		l := must1(a.Listen(":1"))
		senders := rt.NewWaitGroup()
		for i := range 5 {
			senders.Go(fmt.Sprint("sender ", i), func() {
				err := a.Send(bg, "a:1", msg(fmt.Sprint(i)))
				sendErrs = append(sendErrs, err)
			})
			rt.Sleep(time.Millisecond) // send order is index order
		}
		rt.Sleep(time.Second)
		if len(sendErrs) != 2 {
			panic(fmt.Sprintf("%d sends returned before any Recv; want the 2 that fit", len(sendErrs)))
		}
		for range 5 {
			got = append(got, must1(l.Recv(bg)).Type)
		}
		senders.Wait()
		stats = must1(n.LinkStats("a", "a"))

		// Held when the listener closes: refused.
		l2 := must1(a.Listen(":2"))
		must(a.Send(bg, "a:2", msg("fill")))
		must(a.Send(bg, "a:2", msg("fill"))) // the queue is full
		senders.Go("held", func() { heldAtClose = a.Send(bg, "a:2", msg("held")) })
		rt.Sleep(10 * time.Millisecond)
		must(l2.Close())
		senders.Wait()
	})
	require.Equal(t, []string{"0", "1", "2", "3", "4"}, got)
	require.Len(t, sendErrs, 5)
	for _, err := range sendErrs {
		require.NoError(t, err)
	}
	require.Equal(t, int64(3), stats.Held)
	require.Equal(t, int64(5), stats.Delivered)
	require.ErrorIs(t, heldAtClose, transport.ErrRefused)
	ns := notes(res)
	require.Equal(t, 4, countPrefix(ns, "hold "))
	require.Equal(t, 1, countPrefix(ns, "drop closed a->a:2"))
}
