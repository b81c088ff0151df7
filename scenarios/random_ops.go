package scenarios

// randomOps draws a whole lifecycle from the schedule: a run of the
// lifecycle operations (ops.go), every one a user may call, each drawn
// from the chooser with its arguments, so that the fuzzer and rapid
// shrink the operations together with the interleaving.
func init() {
	register(Scenario{
		Name:        "random-ops",
		Description: "a drawn run of every lifecycle operation (ops.go): starts, repeated and concurrent shutdowns, Start racing Shutdown, submits, awaits, the local client, bursts, crashes, partitions",
		Faults:      true,
		Steps:       8000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(1 + e.Choose("shards", 3))
			if err != nil {
				return err
			}
			for range 4 + e.Choose("ops", 20) {
				if e.Failed() {
					break
				}
				c.DrawOp()
			}
			e.Net.HealAll()
			for _, h := range c.hosts() {
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
