package scenarios

import (
	"strconv"
	"time"

	"github.com/execsim/execsim/fakenet"
)

// The fault scenarios: the network misbehaves around a shutdown. They need
// fakenet, so they run on the sim engine only.

func init() {
	register(Scenario{
		Name:        "shutdown-with-pending-state-reads",
		Description: "a shard shuts down while its state-value reads wait for answers that the network holds back",
		Faults:      true,
		Steps:       4000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(1 + e.Choose("shards", 2))
			if err != nil {
				return err
			}
			// Commands reach the shards, but the coordinator's answers to
			// their state-value requests do not.
			t := c.Submit(4)
			e.Pause("delay", 3)
			for i := range c.Shards {
				if err := e.Net.PartitionOneWay("coordinator", "shard-"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
			e.Sleep(time.Duration(1+e.Choose("wait", 5)) * time.Millisecond)
			c.ShutdownShards()
			e.Net.HealAll()
			c.Await(t, c.blockDeadline()+e.Timeout)
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "coordinator-first",
		Description: "the coordinator shuts down or crashes before the shards, with a block maybe in flight",
		Faults:      true,
		Steps:       4000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(2)
			if err != nil {
				return err
			}
			c.Submit(4)
			e.Pause("delay", 16)
			if e.Choose("crash", 2) == 1 {
				if err := e.Net.Crash("coordinator"); err != nil {
					return err
				}
			}
			c.ShutdownCoordinator()
			e.Pause("gap", 4)
			c.ShutdownShards()
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "partition-during-shutdown",
		Description: "a partition (one- or two-way) cuts a shard off while everything shuts down, then heals",
		Faults:      true,
		Steps:       4000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(2)
			if err != nil {
				return err
			}
			c.Submit(4)
			e.Pause("delay", 16)
			shard := "shard-" + strconv.Itoa(e.Choose("shard", len(c.Shards)))
			switch e.Choose("partition", 3) {
			case 0:
				err = e.Net.Partition("coordinator", shard)
			case 1:
				err = e.Net.PartitionOneWay("coordinator", shard)
			default:
				err = e.Net.PartitionOneWay(shard, "coordinator")
			}
			if err != nil {
				return err
			}
			c.ShutdownShards()
			e.Net.HealAll()
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "lossy-execute",
		Description: "several blocks execute over links that lose, duplicate and reorder messages, then everything shuts down",
		Faults:      true,
		Steps:       8000,
		Run: func(e *Env) error {
			shards := 2 + e.Choose("shards", 2)
			hosts := []string{"coordinator"}
			for i := range shards {
				hosts = append(hosts, "shard-"+strconv.Itoa(i))
			}
			lossy := fakenet.LinkConfig{
				LatencyMin: 100 * time.Microsecond, LatencyMax: 3 * time.Millisecond,
				LossProbability: 0.05, DuplicateProbability: 0.05, ReorderProbability: 0.1,
			}
			for _, h := range hosts {
				if _, err := e.Net.Host(h); err != nil {
					return err
				}
			}
			for _, a := range hosts {
				for _, b := range hosts {
					if a != b {
						if err := e.Net.SetLink(a, b, lossy); err != nil {
							return err
						}
					}
				}
			}
			c, err := e.StartCluster(shards)
			if err != nil {
				return err
			}
			var last *Ticket
			for range 3 {
				last = c.Submit(4)
			}
			c.Await(last, 3*(c.blockDeadline()+e.Timeout))
			c.ShutdownShards()
			c.Close()
			return nil
		},
	})
}
