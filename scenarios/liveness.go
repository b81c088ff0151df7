package scenarios

import (
	"time"

	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
)

// liveness is a run's second phase, after the scenario's own steps (the
// safety phase), as TigerBeetle's simulator has: every fault heals (no
// partition, every link perfect, every host up), every service that is
// down or has lost its listener (its host crashed) is started again, the
// blocks already submitted finish, every shard goes idle, and then the
// next block must succeed with the sequential result. A cluster that
// cannot is a no-recovery failure: something the faults did outlived
// them (a shard parked on a dead coordinator, a wedged loop). It runs
// only if the safety phase found nothing, so that the first failure
// stays the verdict.
func (c *Cluster) liveness() {
	e := c.env
	if e.Failed() || c.closed {
		return
	}
	if e.Net != nil && !c.heal() {
		return
	}
	// Let every goroutine run until it blocks (the scenario's goroutine
	// sleeps, so the world runs the others first): a controller whose
	// host crashed has then seen its listener close.
	e.Sleep(e.Timeout / 10)
	c.mu.Lock()
	coord := c.Coord
	c.mu.Unlock()
	if c.coordDown || !coord.Controller().Listening() {
		if !c.RestartCoordinator() {
			return
		}
	}
	for i, s := range c.Shards {
		if c.shardDown[i] || !s.Controller().Listening() {
			if !c.RestartShard(i) {
				return
			}
		}
	}
	if e.Failed() || !c.drain() || !c.settle() {
		return
	}
	t := c.Submit(3)
	c.Await(t, c.blockDeadline()+e.Timeout)
	e.check(notRecovered(t, "the healed cluster"))
}

// heal ends every fault of the simulated network.
func (c *Cluster) heal() bool {
	n := c.env.Net
	n.HealAll()
	hosts := n.Hosts()
	for _, h := range hosts {
		if !n.Up(h) {
			if err := n.Restart(h); err != nil {
				c.env.Fail(Harness, "liveness: restarting host %s: %v", h, err)
				return false
			}
		}
		for _, p := range hosts {
			if p != h {
				if err := n.SetLink(h, p, fakenet.LinkConfig{}); err != nil {
					c.env.Fail(Harness, "liveness: healing link %s→%s: %v", h, p, err)
					return false
				}
			}
		}
	}
	return true
}

// drain waits for the blocks submitted in the safety phase: the client
// executes them one after another, each within its deadline.
func (c *Cluster) drain() bool {
	for _, t := range c.tickets {
		ctx, cancel := c.env.RT.WithTimeout(bg(), c.blockDeadline()+c.env.Timeout)
		timedOut := sim.Select(c.env.RT, t.done.RecvCase(nil, nil), sim.DoneCase(ctx)) == 1
		cancel()
		if timedOut {
			c.env.Fail(Lost, "block %d got no outcome within %v", t.ID, c.blockDeadline()+c.env.Timeout)
			return false
		}
	}
	return true
}

// settle waits until every shard's loop is between blocks. A shard gives
// up a block after executor.BlockTimeoutFactor timeouts, so one still busy
// after that (and a timeout more) is wedged.
func (c *Cluster) settle() bool {
	e := c.env
	bound := time.Duration(executor.BlockTimeoutFactor+1) * e.Timeout
	deadline := e.RT.Now().Add(bound)
	for {
		busy := -1
		for i, s := range c.Shards {
			if !s.LoopStats().Idle() {
				busy = i
				break
			}
		}
		if busy < 0 {
			return true
		}
		if e.RT.Now().After(deadline) {
			e.Fail(NoRecovery, "shard %d still executing a block %v after every fault healed", busy, bound)
			return false
		}
		e.Sleep(e.Timeout / 20)
	}
}
