package fakenet_test

import (
	"context"
	"fmt"
	"time"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// A coordinator sends to a shard over a slow link; the shard's host
// crashes and restarts, and the port it listened on is still bound for a
// while. Everything happens in virtual time, the same way on every run.
func Example() {
	sim.Run(sim.Options{Seed: 1}, func(rt sim.Runtime) {
		n, err := fakenet.New(rt, fakenet.Config{
			LinkConfig:         fakenet.LinkConfig{LatencyMin: 5 * time.Millisecond, LatencyMax: 10 * time.Millisecond},
			PortHoldAfterCrash: time.Second,
		})
		if err != nil {
			panic(err)
		}
		defer n.Close()
		coord, _ := n.Host("coord")
		shard, _ := n.Host("shard")
		l, _ := shard.Listen("shard:7")

		ctx := context.Background()
		_ = coord.Send(ctx, "shard:7", transport.Message{Type: "execute"})
		m, _ := l.Recv(ctx)
		fmt.Println("received", m.Type)

		_ = n.Crash("shard")
		_, err = l.Recv(ctx)
		fmt.Println("recv after crash:", err)
		fmt.Println("send after crash:", coord.Send(ctx, "shard:7", transport.Message{Type: "execute"}))

		_ = n.Restart("shard")
		_, err = shard.Listen("shard:7")
		fmt.Println("fast restart:", err)
		rt.Sleep(time.Second)
		_, err = shard.Listen("shard:7")
		fmt.Println("after the hold:", err)
		fmt.Printf("%+v\n", n.Totals())
	})
	// Output:
	// received execute
	// recv after crash: fakenet: recv on shard:7: listener closed
	// send after crash: fakenet: send from coord to shard:7: host shard is down: connection refused
	// fast restart: fakenet: listen on shard:7: the port is still bound after host shard crashed, for 1s more (Config.PortHoldAfterCrash); retry later: address already in use
	// after the hold: <nil>
	// {From: To: Sent:1 Refused:1 Delivered:1 Discarded:0 Duplicated:0 Reordered:0 Lost:0 Held:0 DroppedPartition:0 DroppedCrash:0 DroppedClosed:0}
}

// A plan scripts faults at virtual times; DrawPlan draws one from the
// world's chooser instead.
func ExamplePlan() {
	plan := fakenet.Plan{
		{At: 100 * time.Millisecond, Kind: fakenet.FaultPartition, Host: "coord", Peer: "shard"},
		{At: 50 * time.Millisecond, Kind: fakenet.FaultCrash, Host: "shard"},
		{At: 300 * time.Millisecond, Kind: fakenet.FaultHeal, Host: "coord", Peer: "shard"},
		{At: 200 * time.Millisecond, Kind: fakenet.FaultRestart, Host: "shard"},
	}
	fmt.Print(plan)
	// Output:
	// +50ms crash shard
	// +100ms partition coord shard
	// +200ms restart shard
	// +300ms heal coord shard
}
