package executor

import (
	"context"
	"fmt"

	"github.com/execsim/execsim/sim"
)

// RemoteStateViewClient is a shard's view of the coordinator's state, the
// original's RemoteStateViewClient: InitForBlock sends requests for a
// block's keys (in batches of KVBatchSize) on remote_kv_request, a
// receiver goroutine fills a cache from remote_kv_response_{shard}, and
// Get waits until its key has arrived.
//
// Responses carry the block they answer, so a late answer for an earlier
// block never fills the cache of the current one.
type RemoteStateViewClient struct {
	rt    sim.Runtime
	shard int
	kvTx  *Outbound
	kvRx  sim.Chan[Message]
	logf  func(string, ...any)

	mu      *sim.Mutex
	block   uint64
	entries map[string]*kvEntry // looked up, never ranged over
}

type kvEntry struct {
	ready  sim.Chan[struct{}] // closed when the value has arrived
	value  uint64
	exists bool
	done   bool
}

func newRemoteStateViewClient(rt sim.Runtime, c *NetworkController, shard int, coordinatorAddr string) (*RemoteStateViewClient, error) {
	tx, err := c.CreateOutboundChannel(coordinatorAddr, kvRequestType)
	if err != nil {
		return nil, err
	}
	rx, err := c.CreateInboundChannel(kvResponseType(shard))
	if err != nil {
		return nil, err
	}
	return &RemoteStateViewClient{
		rt: rt, shard: shard, kvTx: tx, kvRx: rx, logf: c.logf,
		mu: rt.NewMutex(), entries: map[string]*kvEntry{},
	}, nil
}

// InitForBlock clears the cache, makes it the cache of block, and sends
// the requests for keys. A send that fails leaves those keys pending: Get
// then waits until ctx ends.
func (c *RemoteStateViewClient) InitForBlock(ctx context.Context, block uint64, keys []string) error {
	c.mu.Lock()
	c.block = block
	c.entries = make(map[string]*kvEntry, len(keys))
	for _, k := range keys {
		c.entry(k)
	}
	c.mu.Unlock()
	for i := 0; i < len(keys); i += KVBatchSize {
		batch := keys[i:min(i+KVBatchSize, len(keys))]
		if err := c.request(ctx, block, batch); err != nil {
			return err
		}
	}
	return nil
}

func (c *RemoteStateViewClient) request(ctx context.Context, block uint64, keys []string) error {
	err := c.kvTx.Send(ctx, encode(kvRequestMsg{BlockID: block, Shard: c.shard, Keys: keys}))
	if err != nil {
		return fmt.Errorf("executor: shard %d: state-value request: %w", c.shard, err)
	}
	return nil
}

// entry runs under c.mu.
func (c *RemoteStateViewClient) entry(k string) *kvEntry {
	e := c.entries[k]
	if e == nil {
		e = &kvEntry{ready: sim.NewChan[struct{}](c.rt, 0)}
		c.entries[k] = e
	}
	return e
}

// Get returns key's value for the current block, waiting until the
// coordinator's answer arrives or ctx ends. A key that was not prefetched
// is requested now.
//
// As in the original (a condition variable per key), nothing else wakes
// it: not even the receiver stopping. A loop blocked here is released only
// by the stop signal, which is why Shutdown must send one.
func (c *RemoteStateViewClient) Get(ctx context.Context, key string) (uint64, bool, error) {
	c.mu.Lock()
	_, known := c.entries[key]
	e, block := c.entry(key), c.block
	c.mu.Unlock()
	if !known {
		if err := c.request(ctx, block, []string{key}); err != nil {
			return 0, false, err
		}
	}
	if c.rt.Select(e.ready.RecvCase(nil, nil), sim.DoneCase(ctx)) == 0 {
		return e.value, e.exists, nil
	}
	return 0, false, fmt.Errorf("executor: shard %d: state value %q: %w", c.shard, key, ctx.Err())
}

// run is the receiver goroutine. As the original's receiver thread, it
// ends only when its channel is closed, which the controller does at
// shutdown: with senders-never-closed it blocks forever.
func (c *RemoteStateViewClient) run() {
	for {
		msg, ok := c.kvRx.Recv()
		if !ok {
			return
		}
		var resp kvResponseMsg
		if derr := decode(msg, &resp); derr != nil {
			c.logf("shard %d: dropping state-value response: %v", c.shard, derr)
			continue
		}
		c.fill(resp)
	}
}

func (c *RemoteStateViewClient) fill(resp kvResponseMsg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if resp.BlockID != c.block {
		return // an answer for a block that is over
	}
	for _, kv := range resp.Values {
		e := c.entry(kv.Key)
		if e.done {
			continue
		}
		e.value, e.exists, e.done = kv.Value, kv.Exists, true
		e.ready.Close()
	}
}
