package scenarios

// The lifecycle scenarios: start and shutdown in every order the audit
// cares about, on a healthy network. They run on both engines.

func init() {
	register(Scenario{
		Name:        "start-shutdown",
		Description: "the audit's proof of concept: shards start and shut down at once, a block maybe in flight",
		Run: func(e *Env) error {
			c, err := e.StartCluster(1 + e.Choose("shards", 2))
			if err != nil {
				return err
			}
			if e.Choose("submit", 2) == 1 {
				c.Submit(3)
			}
			e.Pause("delay", 16)
			c.ShutdownShards()
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "shutdown-before-start",
		Description: "Shutdown before Start returns at once and leaves the address free for a new service",
		Run: func(e *Env) error {
			c, err := e.NewCluster(2)
			if err != nil {
				return err
			}
			if err := c.Coord.Start(); err != nil {
				return err
			}
			for i := range c.Shards {
				c.ShutdownShard(i)
			}
			for i := range c.Shards {
				if !c.RestartShard(i) {
					return nil
				}
			}
			c.AwaitSuccess(c.Submit(3), c.blockDeadline()+e.Timeout)
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "double-shutdown",
		Description: "two goroutines shut the same shard down at once, and a third call comes after",
		Run: func(e *Env) error {
			c, err := e.StartCluster(2)
			if err != nil {
				return err
			}
			c.Submit(3)
			e.Pause("delay", 16)
			i := e.Choose("shard", len(c.Shards))
			for k := range 2 {
				e.Go("shutdown-"+string(rune('a'+k)), func() { c.checkShutdown("shard (concurrent call)", c.Shards[i]) })
			}
			e.wg.Wait()
			c.ShutdownShard(i) // the third, after both returned
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "restart-cycles",
		Description: "a shard shuts down and a new one starts on its address, several times, executing a block each time",
		Steps:       6000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(2)
			if err != nil {
				return err
			}
			for range 3 {
				c.AwaitSuccess(c.Submit(2), c.blockDeadline()+e.Timeout)
				if !c.RestartShard(e.Choose("shard", len(c.Shards))) {
					break
				}
			}
			c.AwaitSuccess(c.Submit(2), c.blockDeadline()+e.Timeout)
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "coordinator-restart",
		Description: "the coordinator restarts on its address while a block is in flight; the next blocks must still get the right result",
		Steps:       6000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(2)
			if err != nil {
				return err
			}
			c.Submit(4)
			e.Pause("delay", 16)
			if !c.RestartCoordinator() {
				return nil
			}
			for range 2 {
				c.AwaitSuccess(c.Submit(4), 3*(c.blockDeadline()+e.Timeout))
			}
			c.Close()
			return nil
		},
	})
	register(Scenario{
		Name:        "shutdown-during-execute",
		Description: "shards shut down while several blocks execute; each block gets its result or ErrShutdown",
		Steps:       4000,
		Run: func(e *Env) error {
			c, err := e.StartCluster(2 + e.Choose("shards", 2))
			if err != nil {
				return err
			}
			for range 3 {
				c.Submit(4)
			}
			e.Pause("delay", 24)
			c.ShutdownShards()
			c.Close()
			return nil
		},
	})
}

// drawOrder is a permutation of 0..n-1 drawn from the schedule.
func drawOrder(e *Env, n int) []int {
	rest := make([]int, n)
	for i := range rest {
		rest[i] = i
	}
	order := make([]int, 0, n)
	for len(rest) > 0 {
		k := e.Choose("order", len(rest))
		order = append(order, rest[k])
		rest = append(rest[:k], rest[k+1:]...)
	}
	return order
}
