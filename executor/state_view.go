package executor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
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
	kvRx  sim.Chan[transport.Message]
	logf  func(string, ...any)
	retry time.Duration // how long Get waits for an answer before asking again
	// waitForever is the state-reads-wait-forever defect: no retry.
	waitForever bool
	abortBlock  uint64
	abort       context.CancelFunc // ends abortBlock's execution when it is unknown
	unknown     uint64             // the last block the coordinator said it is not executing
	unknownSeen bool

	mu      *sim.Mutex
	block   uint64
	entries map[string]*kvEntry // looked up, never ranged over
	keys    []string            // entries' keys in the order they were made
}

type kvEntry struct {
	ready  sim.Chan[struct{}] // closed when the value has arrived, or the block is unknown
	value  uint64
	exists bool
	done   bool
	err    error // set before ready closes: the coordinator does not know the block
}

// ErrUnknownBlock is what a state read returns when the coordinator
// answered that it is not executing the read's block.
var ErrUnknownBlock = errors.New("the coordinator is not executing this block")

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
		rt: rt, shard: shard, kvTx: tx, kvRx: rx, logf: c.logf, retry: c.Timeout(),
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
	c.keys = c.keys[:0]
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
	err := c.kvTx.SendValue(ctx, kvRequestMsg{BlockID: block, Shard: c.shard, Keys: keys})
	if err != nil {
		return fmt.Errorf("executor: shard %d: state-value request: %w", c.shard, err)
	}
	return nil
}

// abortOnUnknown makes cancel end block's execution once the coordinator
// answers that it is not executing it: the block may be waiting on
// something else than a read (a cross-shard value that the other shards,
// told the same, will never send).
func (c *RemoteStateViewClient) abortOnUnknown(block uint64, cancel context.CancelFunc) {
	c.mu.Lock()
	c.abortBlock, c.abort = block, cancel
	known := c.unknownSeen && c.unknown == block
	c.mu.Unlock()
	if known { // the answer came before execution began
		cancel()
	}
}

// probe sends a request with no keys for block: the coordinator answers
// it empty, or says the block is unknown, which aborts it. A send that
// fails is logged; the next probe tries again.
func (c *RemoteStateViewClient) probe(ctx context.Context, block uint64) {
	if err := c.request(ctx, block, nil); err != nil {
		c.logf("shard %d: block %d: probe: %v", c.shard, block, err)
	}
}

// waiting is every entry still without its value, in no order that
// matters: each is released the same way. Runs under c.mu.
func (c *RemoteStateViewClient) waiting() []*kvEntry {
	var out []*kvEntry
	for _, k := range c.keys {
		if e := c.entries[k]; e != nil && !e.done {
			out = append(out, e)
		}
	}
	return out
}

// entry runs under c.mu.
func (c *RemoteStateViewClient) entry(k string) *kvEntry {
	e := c.entries[k]
	if e == nil {
		e = &kvEntry{ready: sim.NewChan[struct{}](c.rt, 0)}
		c.entries[k] = e
		c.keys = append(c.keys, k)
	}
	return e
}

// Get returns key's value for the current block, waiting until the
// coordinator's answer arrives or ctx ends. A key that was not prefetched
// is requested now, and a key whose answer has not come within the
// controller's timeout is requested again (the request or its answer may
// have been lost, or gone to a coordinator that has since restarted). If
// the coordinator answers that it is not executing the block, Get fails
// at once with ErrUnknownBlock.
//
// As in the original (a condition variable per key), nothing else wakes
// it: not even the receiver stopping. A loop blocked here is released by
// the stop signal or the block's deadline (ctx), which is why Shutdown
// must send one.
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
	for {
		cases := []sim.Case{e.ready.RecvCase(nil, nil), sim.DoneCase(ctx)}
		var t *sim.Timer
		if !c.waitForever { // the defect: no retry
			t = c.rt.NewTimer(c.retry)
			cases = append(cases, t.C.RecvCase(nil, nil))
		}
		i := sim.Select(c.rt, cases...)
		if t != nil {
			t.Stop()
		}
		switch i {
		case 0:
			c.mu.Lock()
			err := e.err
			c.mu.Unlock()
			if err != nil {
				return 0, false, fmt.Errorf("executor: shard %d: state value %q: %w", c.shard, key, err)
			}
			return e.value, e.exists, nil
		case 1:
			return 0, false, fmt.Errorf("executor: shard %d: state value %q: %w", c.shard, key, ctx.Err())
		}
		if err := c.request(ctx, block, []string{key}); err != nil {
			return 0, false, err
		}
	}
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
	if resp.Unknown {
		if c.waitForever {
			return
		}
		c.unknown, c.unknownSeen = resp.BlockID, true
		if c.abort != nil && c.abortBlock == resp.BlockID {
			c.abort()
		}
		for _, e := range c.waiting() {
			e.err, e.done = ErrUnknownBlock, true
			e.ready.Close()
		}
		return
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
