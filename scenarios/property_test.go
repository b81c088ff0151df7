package scenarios

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
)

// runBody runs a scenario body that is not registered, on the sim engine,
// with a network config of its own, and returns the verdict.
func runBody(t *testing.T, seed uint64, cfg fakenet.Config, body func(e *Env) error) *Failure {
	t.Helper()
	var env *Env
	var harness error
	res := sim.Run(sim.Options{Seed: seed}, func(rt sim.Runtime) {
		n, err := fakenet.New(rt, cfg)
		require.NoError(t, err)
		env = newEnv(rt, EngineSim, nil)
		env.Net = n
		harness = body(env)
		env.finish()
		n.Close()
	})
	return verdict(env, harness, res.Failure)
}

// The restart property fires on a real fault: a shard's host crashes and
// comes back while the old socket still holds its port for longer than the
// restart keeps trying; with a short hold, the same restart succeeds.
func TestRestartPropertyFires(t *testing.T) {
	restartAfterCrash := func(e *Env) error {
		c, err := e.StartCluster(2)
		if err != nil {
			return err
		}
		c.Await(c.Submit(2), c.blockDeadline())
		if err := e.Net.Crash("shard-1"); err != nil {
			return err
		}
		c.ShutdownShard(1)
		if err := e.Net.Restart("shard-1"); err != nil {
			return err
		}
		c.RestartShard(1)
		c.Close()
		return nil
	}
	held := netConfig
	held.PortHoldAfterCrash = 10 * time.Second // the restart retries for one timeout: 1s
	f := runBody(t, 1, held, restartAfterCrash)
	require.NotNil(t, f)
	require.Equal(t, Restart, f.Kind, f.Error())
	require.Contains(t, f.Message, "shard 1 cannot start again on shard-1:7000")

	brief := netConfig
	brief.PortHoldAfterCrash = 300 * time.Millisecond
	require.Nil(t, runBody(t, 1, brief, restartAfterCrash))
}

// The lost property fires when a block gets no outcome in time: here every
// message to the shards is cut, and the scenario waits less than the
// block's own deadline.
func TestLostPropertyFires(t *testing.T) {
	f := runBody(t, 2, netConfig, func(e *Env) error {
		c, err := e.StartCluster(2)
		if err != nil {
			return err
		}
		for i := range 2 {
			if err := e.Net.PartitionOneWay("coordinator", "shard-"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		c.Await(c.Submit(2), e.Timeout)
		e.Net.HealAll()
		c.Close()
		return nil
	})
	require.NotNil(t, f)
	require.Equal(t, Lost, f.Kind)
	require.Equal(t, "block 0 got no outcome within 1s", f.Message)
}

// A world's failures map to the properties they break.
func TestWorldFailureKinds(t *testing.T) {
	for k, want := range map[sim.Kind]Kind{
		sim.KindLeak: Leak, sim.KindPanic: Panic, sim.KindDeadlock: Hang, sim.KindSteps: Hang,
		sim.KindTime: Hang, sim.KindBlocked: Hang, sim.KindChooser: Harness, sim.KindOptions: Harness,
	} {
		require.Equal(t, want, fromWorld(&sim.Failure{Kind: k}).Kind, "%s", k)
	}
	// A real hang: a scenario whose goroutine waits for ever is found as a
	// deadlock of the world, reported as hang.
	f := runBody(t, 3, netConfig, func(e *Env) error {
		never := sim.NewChan[int](e.RT, 0)
		never.Recv()
		return nil
	})
	require.NotNil(t, f)
	require.Equal(t, Hang, f.Kind)
	require.Contains(t, f.Message, "deadlock")
}
