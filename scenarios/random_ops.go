package scenarios

import (
	"strconv"
)

// randomOps draws a whole lifecycle from the schedule: starts, shutdowns,
// restarts (shards and the coordinator), submissions, crashes, partitions,
// heals and waits across the coordinator and the shards. Every operation is a draw, so the fuzzer and rapid shrink
// the operations together with the interleaving.
func init() {
	register(Scenario{
		Name:        "random-ops",
		Description: "start, shutdown, restart (shards and coordinator), submit, crash, partition, heal and waits, all drawn from the chooser",
		Faults:      true,
		Steps:       8000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(1 + e.Choose("shards", 3))
			if err != nil {
				return err
			}
			hosts := []string{"coordinator"}
			for i := range c.Shards {
				hosts = append(hosts, "shard-"+strconv.Itoa(i))
			}
			host := func() string { return hosts[e.Choose("host", len(hosts))] }
			ops := 4 + e.Choose("ops", 12)
			for range ops {
				if e.Failed() {
					break
				}
				switch e.Choose("op", 9) {
				case 0:
					c.Submit(1 + e.Choose("txns", 5))
				case 1:
					e.Pause("wait", 10)
				case 2:
					if i := e.Choose("shard", len(c.Shards)); !c.shardDown[i] {
						c.ShutdownShard(i)
					}
				case 3:
					i := e.Choose("shard", len(c.Shards))
					if c.shardDown[i] && e.Net.Up("shard-"+strconv.Itoa(i)) {
						c.RestartShard(i)
					}
				case 4:
					if h := host(); e.Net.Up(h) {
						if err := e.Net.Crash(h); err != nil {
							return err
						}
					}
				case 5:
					if h := host(); !e.Net.Up(h) {
						if err := e.Net.Restart(h); err != nil {
							return err
						}
					}
				case 6:
					a, b := host(), host()
					if a != b {
						if err := e.Net.PartitionOneWay(a, b); err != nil {
							return err
						}
					}
				case 7:
					e.Net.HealAll()
				case 8:
					if e.Net.Up("coordinator") {
						c.RestartCoordinator()
					}
				}
			}
			e.Net.HealAll()
			for _, h := range hosts {
				if !e.Net.Up(h) {
					if err := e.Net.Restart(h); err != nil {
						return err
					}
				}
			}
			c.Close()
			return nil
		},
	})
}
