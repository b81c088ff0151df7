package executor

import (
	"context"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
	"github.com/stretchr/testify/require"
)

const realTimeout = 2 * time.Second

// freeAddrs reserves n loopback addresses: bind port 0, note the port,
// release it. The shards must know each other's addresses before any of
// them starts, as in the original's configuration.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	tr := tcp.New(tcp.Config{})
	var addrs []string
	var ls []transport.Listener
	for i := 0; i < n; i++ {
		l, err := tr.Listen("127.0.0.1:0")
		require.NoError(t, err)
		ls = append(ls, l)
		addrs = append(addrs, l.Addr())
	}
	for _, l := range ls {
		require.NoError(t, l.Close())
	}
	return addrs
}

func TestRealClusterExecutesBlocks(t *testing.T) {
	for _, shards := range []int{2, 3, 4} {
		t.Run(string(rune('0'+shards))+"-shards", func(t *testing.T) {
			rt := sim.NewReal(uint64(shards))
			addrs := freeAddrs(t, shards+1)
			c, err := newCluster(rt, tcp.New(tcp.Config{}), addrs[0], addrs[1:], realTimeout)
			require.NoError(t, err)
			require.NoError(t, c.start())
			rng := rand.New(rand.NewPCG(uint64(shards), 7))
			st := genesis(12)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			for b := 0; b < 5; b++ {
				txns := genBlock(rng.IntN, 30, 12)
				require.NoError(t, runBlock(ctx, c.coord, shards, st, txns), "block %d", b)
			}
			early, err := c.shutdown()
			require.NoError(t, err)
			require.Zero(t, early)
			for _, s := range c.shards {
				require.Zero(t, s.Running())
				require.Zero(t, s.Controller().Stats().SendFailures)
			}
			// After Shutdown, a block fails at once with ErrShutdown.
			pb, err := Partition([]Txn{{Kind: Read, From: "acct-1"}}, shards)
			require.NoError(t, err)
			_, err = c.coord.ExecuteBlock(ctx, st, pb)
			require.ErrorIs(t, err, ErrShutdown)
		})
	}
}

func TestRealStartShutdownCyclesOnOneAddress(t *testing.T) {
	rt := sim.NewReal(1)
	tr := tcp.New(tcp.Config{})
	addrs := freeAddrs(t, 2)
	coord, err := NewRemoteExecutorClient(rt, tr, CoordinatorConfig{SelfAddr: addrs[0], ShardAddrs: addrs[1:], Timeout: realTimeout})
	require.NoError(t, err)
	require.NoError(t, coord.Start())
	defer coord.Shutdown()
	st := genesis(4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i := 0; i < 100; i++ {
		s, err := NewExecutorService(rt, tr, ServiceConfig{NumShards: 1, SelfAddr: addrs[1], CoordinatorAddr: addrs[0], Timeout: realTimeout})
		require.NoError(t, err)
		require.NoError(t, s.Start(), "cycle %d", i)
		if i%25 == 24 {
			// The restarted shard serves: a block goes through it.
			txns := []Txn{{Kind: Transfer, From: "acct-0", To: "acct-1", Amount: 1}, {Kind: Read, From: "acct-1"}}
			require.NoError(t, runBlock(ctx, coord, 1, st, txns), "cycle %d", i)
		}
		require.NoError(t, s.Shutdown(), "cycle %d", i)
		require.Zero(t, s.Running(), "cycle %d", i)
	}
	require.EqualValues(t, 104, st["acct-1"]) // four blocks, one transfer each
}

func TestRealShutdownEdgeCases(t *testing.T) {
	rt := sim.NewReal(2)
	tr := tcp.New(tcp.Config{})
	addrs := freeAddrs(t, 2)
	cfg := ServiceConfig{NumShards: 1, SelfAddr: addrs[1], CoordinatorAddr: addrs[0], Timeout: realTimeout}

	// Before Start; then Start is refused.
	s, err := NewExecutorService(rt, tr, cfg)
	require.NoError(t, err)
	require.NoError(t, s.Shutdown())
	require.NoError(t, s.Shutdown())
	require.ErrorIs(t, s.Start(), ErrShutdown)

	// Two goroutines at once, and a third call after.
	s, err = NewExecutorService(rt, tr, cfg)
	require.NoError(t, err)
	require.NoError(t, s.Start())
	require.Error(t, s.Start())
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() { errs <- s.Shutdown() }()
	}
	require.NoError(t, <-errs)
	require.NoError(t, <-errs)
	require.NoError(t, s.Shutdown())
	require.Zero(t, s.Running())

	// The address is busy while a service holds it.
	a, err := NewExecutorService(rt, tr, cfg)
	require.NoError(t, err)
	require.NoError(t, a.Start())
	b, err := NewExecutorService(rt, tr, cfg)
	require.NoError(t, err)
	require.ErrorIs(t, b.Start(), transport.ErrAddrInUse)
	require.NoError(t, a.Shutdown())
	require.NoError(t, b.Start()) // a failed Start can be retried
	require.NoError(t, b.Shutdown())
}

// stackHas reports whether some goroutine's stack mentions fn.
func stackHas(fn string) bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), fn)
}

func TestRealDefectsLeak(t *testing.T) {
	for _, defects := range [][]string{
		{DefectNoStopSignal, DefectNoJoin, DefectSendersNeverClosed},
		{DefectNoStopSignal, DefectSendersNeverClosed},
	} {
		t.Run(strings.Join(defects, ","), func(t *testing.T) {
			rt := sim.NewReal(3)
			addrs := freeAddrs(t, 2)
			s, err := NewExecutorService(rt, tcp.New(tcp.Config{}), ServiceConfig{NumShards: 1, SelfAddr: addrs[1], CoordinatorAddr: addrs[0], Timeout: 200 * time.Millisecond}, WithDefect(defects...))
			require.NoError(t, err)
			require.NoError(t, s.Start())
			err = s.Shutdown()
			if contains(defects, DefectNoJoin) {
				require.NoError(t, err, "the original's shutdown returns at once")
			} else {
				require.ErrorIs(t, err, context.DeadlineExceeded, "a joining Shutdown reports the zombie")
			}
			// The audit: the loop is still there, blocked on its command
			// channel, and nothing will ever close it.
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, s.WaitStopped(ctx), context.DeadlineExceeded)
			require.Positive(t, s.Running())
			require.True(t, stackHas("(*RemoteCoordinatorClient).ReceiveExecuteCommand"), "no goroutine blocked in ReceiveExecuteCommand")

			reap, cancelReap := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancelReap()
			require.NoError(t, s.Reap(reap))
			require.Zero(t, s.Running())
		})
	}
}

func TestRealNoJoinReturnsEarlyButLoopExits(t *testing.T) {
	rt := sim.NewReal(4)
	addrs := freeAddrs(t, 2)
	s, err := NewExecutorService(rt, tcp.New(tcp.Config{}), ServiceConfig{NumShards: 1, SelfAddr: addrs[1], CoordinatorAddr: addrs[0], Timeout: realTimeout}, WithDefect(DefectNoJoin))
	require.NoError(t, err)
	require.NoError(t, s.Start())
	require.NoError(t, s.Shutdown())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, s.WaitStopped(ctx), "with no-join alone the stop signal still ends the loop")
}

func TestRealPanicOnSendAfterShutdown(t *testing.T) {
	rt := sim.NewReal(5)
	addrs := freeAddrs(t, 2)
	res := ShardResult{BlockID: 1}
	for _, panics := range []bool{false, true} {
		var opts []Option
		if panics {
			opts = append(opts, WithDefect(DefectPanicOnSendAfterShutdown))
		}
		s, err := NewExecutorService(rt, tcp.New(tcp.Config{}), ServiceConfig{NumShards: 1, SelfAddr: addrs[1], CoordinatorAddr: addrs[0], Timeout: realTimeout}, opts...)
		require.NoError(t, err)
		require.NoError(t, s.Start())
		require.NoError(t, s.Shutdown())
		send := func() error { return s.coordinator.SendExecutionResult(context.Background(), res) }
		if panics {
			require.PanicsWithValue(t, "executor: shard 0: send_execution_result: called `Result::unwrap()` on an `Err` value: executor: ExecutorService-0: send \"execute_result_0\" to "+addrs[0]+": outbound handler gone: executor: shut down", func() { send() })
		} else {
			require.ErrorIs(t, send(), ErrShutdown)
		}
	}
}

func TestUnknownDefect(t *testing.T) {
	_, err := NewExecutorService(sim.NewReal(0), tcp.New(tcp.Config{}), ServiceConfig{NumShards: 1, SelfAddr: "a:1", CoordinatorAddr: "b:1"}, WithDefect("no-such-defect"))
	require.ErrorContains(t, err, `unknown defect "no-such-defect"`)
	names := map[string]bool{}
	for _, d := range Defects() {
		require.NotEmpty(t, d.Description)
		require.NotEmpty(t, d.Alone)
		names[d.Name] = true
		s, err := ParseDefects(d.Name)
		require.NoError(t, err)
		require.True(t, s.Has(d.Name))
		require.Equal(t, []string{d.Name}, s.Names())
	}
	require.Len(t, names, 9)
	audited := 0
	for _, d := range Defects() {
		if d.Origin == FromAudit {
			audited++
		}
	}
	require.Equal(t, 4, audited, "the audit names four defects")
}
