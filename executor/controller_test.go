package executor

import (
	"context"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
	"github.com/stretchr/testify/require"
)

// inWorld runs body in a world and fails the test on any world failure or
// on the error body returns.
func inWorld(t *testing.T, seed uint64, body func(rt sim.Runtime) error) {
	t.Helper()
	var err error
	res := sim.Run(sim.Options{Seed: seed}, func(rt sim.Runtime) { err = body(rt) })
	if res.Failure != nil {
		t.Fatalf("seed %d: %s", seed, res.Failure.Report())
	}
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
}

func TestControllerRegistry(t *testing.T) {
	c := NewNetworkController(sim.NewReal(0), tcp.New(tcp.Config{}), ControllerConfig{ListenAddr: "127.0.0.1:0"})
	_, err := c.CreateInboundChannel("a")
	require.NoError(t, err)
	_, err = c.CreateInboundChannel("a")
	require.ErrorContains(t, err, `"a" registered twice`)
	_, err = c.CreateInboundChannel("")
	require.ErrorIs(t, err, transport.ErrUnsendable)
	_, err = c.CreateOutboundChannel("127.0.0.1:1", "b")
	require.NoError(t, err)
	_, err = c.CreateOutboundChannel("127.0.0.1:1", "b")
	require.ErrorContains(t, err, "created twice")
	require.NoError(t, c.Start())
	require.Error(t, c.Start())
	_, err = c.CreateInboundChannel("c")
	require.ErrorContains(t, err, "after Start")
	c.Shutdown()
	c.Shutdown()
	require.ErrorIs(t, c.Start(), ErrShutdown)
}

func TestControllerDeliversAndDropsUnknownTypes(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		inWorld(t, seed, func(rt sim.Runtime) error {
			net := newSimNet(rt, 1)
			defer net.Close()
			a := NewNetworkController(rt, net, ControllerConfig{Service: "a", ListenAddr: "a:1"})
			b := NewNetworkController(rt, net, ControllerConfig{Service: "b", ListenAddr: "b:1"})
			rx, err := b.CreateInboundChannel("known")
			require.NoError(t, err)
			known, err := a.CreateOutboundChannel("b:1", "known")
			require.NoError(t, err)
			unknown, err := a.CreateOutboundChannel("b:1", "unknown")
			require.NoError(t, err)
			require.NoError(t, a.Start())
			require.NoError(t, b.Start())
			ctx := context.Background()
			require.NoError(t, unknown.Send(ctx, []byte("?")))
			for i := 0; i < 3; i++ {
				require.NoError(t, known.Send(ctx, []byte{byte(i)}))
			}
			for i := 0; i < 3; i++ {
				m, ok := rx.Recv()
				require.True(t, ok)
				require.Equal(t, []byte{byte(i)}, m.Data) // one sender, one link: in order
			}
			a.Shutdown()
			b.Shutdown()
			// Shutdown closed the inbound channel: a receiver wakes.
			_, ok := rx.Recv()
			require.False(t, ok)
			require.EqualValues(t, 1, b.Stats().UnknownType)
			require.EqualValues(t, 3, b.Stats().Delivered)
			require.EqualValues(t, 4, a.Stats().Sent)
			require.ErrorIs(t, known.Send(ctx, nil), ErrShutdown)
			return nil
		})
	}
}

func TestControllerSendersNeverClosed(t *testing.T) {
	res := sim.Run(sim.Options{Seed: 1}, func(rt sim.Runtime) {
		net := newSimNet(rt, 0)
		defer net.Close()
		c := newNetworkController(rt, net, ControllerConfig{ListenAddr: "a:1"}, nil, mustDefects(t, DefectSendersNeverClosed))
		rx, _ := c.CreateInboundChannel("t")
		_ = c.Start()
		c.Shutdown()
		rt.Go("receiver", func() { rx.Recv() })
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, sim.KindLeak, res.Failure.Kind)
	require.Equal(t, "receiver", res.Failure.Waiting[0].Goroutine.Name)
}

// A dead peer is retried with backoff within the timeout, then given up
// on: counted and logged, and the handler goes on with the next message.
func TestControllerDeadPeer(t *testing.T) {
	inWorld(t, 1, func(rt sim.Runtime) error {
		net := newSimNet(rt, 0)
		defer net.Close()
		var logs []string
		a := NewNetworkController(rt, net, ControllerConfig{ListenAddr: "a:1", Timeout: time.Second, Logf: func(f string, args ...any) { logs = append(logs, f) }})
		dead, _ := a.CreateOutboundChannel("nobody:1", "t")
		b := NewNetworkController(rt, net, ControllerConfig{ListenAddr: "b:1"})
		rx, _ := b.CreateInboundChannel("t")
		alive, _ := a.CreateOutboundChannel("b:1", "t")
		require.NoError(t, a.Start())
		require.NoError(t, b.Start())
		start := rt.Now()
		require.NoError(t, dead.Send(context.Background(), []byte("lost")))
		require.NoError(t, alive.Send(context.Background(), []byte("ok")))
		m, ok := rx.Recv()
		require.True(t, ok)
		require.Equal(t, "ok", string(m.Data))
		waited := rt.Now().Sub(start)
		require.GreaterOrEqual(t, waited, time.Second)
		require.Less(t, waited, 2*time.Second)
		st := a.Stats()
		require.EqualValues(t, 1, st.SendFailures)
		require.Greater(t, st.Retries, int64(3))
		require.NotEmpty(t, logs)
		a.Shutdown()
		b.Shutdown()
		return nil
	})
}

// Shutdown delivers what is already queued instead of dropping it.
func TestControllerShutdownFlushes(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		inWorld(t, seed, func(rt sim.Runtime) error {
			net := newSimNet(rt, 2)
			defer net.Close()
			a := NewNetworkController(rt, net, ControllerConfig{ListenAddr: "a:1"})
			b := NewNetworkController(rt, net, ControllerConfig{ListenAddr: "b:1"})
			rx, _ := b.CreateInboundChannel("t")
			tx, _ := a.CreateOutboundChannel("b:1", "t")
			require.NoError(t, a.Start())
			require.NoError(t, b.Start())
			for i := 0; i < 5; i++ {
				require.NoError(t, tx.Send(context.Background(), []byte{byte(i)}))
			}
			a.Shutdown()
			for i := 0; i < 5; i++ {
				m, ok := rx.Recv()
				require.True(t, ok)
				require.Equal(t, []byte{byte(i)}, m.Data)
			}
			b.Shutdown()
			return nil
		})
	}
}

func TestWorldDeterministic(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		var hashes []uint64
		for i := 0; i < 2; i++ {
			body, _ := lifecycleScenario(3, 2)
			hashes = append(hashes, sim.Run(worldOptions(seed), body).Hash)
		}
		require.Equal(t, hashes[0], hashes[1], "seed %d", seed)
	}
}
