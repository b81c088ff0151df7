package executor

import (
	"fmt"
	"hash/fnv"
	"sort"
)

// Limits of the partitioner, as in the original (which allows 8 rounds,
// the last one executed by a single shard).
const (
	MaxShards = 8
	MaxRounds = 8
)

// IndexedTxn is a transaction with its position in the block.
type IndexedTxn struct {
	Index int
	Txn   Txn
}

// CrossShardDep is one batch of cross-shard values: those that shard
// Shard has after executing round Round, for the accounts Keys.
type CrossShardDep struct {
	Shard int
	Round int
	Keys  []string
}

// SubBlock is what one shard executes in one round.
type SubBlock struct {
	Txns []IndexedTxn
	// Recv lists the batches the shard must receive before the round runs:
	// values another shard wrote in an earlier round (Shard, Round are the
	// sender's).
	Recv []CrossShardDep
	// Send lists the batches the shard sends after the round (Shard, Round
	// are the receiver's).
	Send []CrossShardDep
}

// PartitionedBlock is a block split for NumShards shards over NumRounds
// rounds: Shards[s][r] is shard s's sub-block for round r.
type PartitionedBlock struct {
	NumShards int
	NumRounds int
	NumTxns   int
	Shards    [][]SubBlock
}

// Keys returns the accounts that shard's transactions touch, sorted: what
// its state-view client prefetches.
func (b *PartitionedBlock) Keys(shard int) []string {
	seen := map[string]bool{}
	var keys []string
	for _, sb := range b.Shards[shard] {
		for _, t := range sb.Txns {
			for _, k := range t.Txn.Keys() {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// HomeShard is the shard that owns an account: a transaction runs on its
// sender's home shard.
func HomeShard(key string, numShards int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(numShards))
}

type placement struct{ shard, round int }

// Partition splits txns for numShards shards (1..MaxShards) so that
// executing the rounds in order, each shard its sub-block in index order,
// with the listed cross-shard values exchanged between rounds, gives the
// outputs of ExecuteSequential.
//
// A transaction goes to its sender's home shard, in the first round that
// keeps every earlier transaction touching one of its accounts before it:
// the same round or later on the same shard, a later round on another.
// So within a round no two shards touch the same account. A transaction
// that would need round MaxRounds-1 or later goes to that last round on
// shard 0, which alone runs there. The value of an account written last
// by another shard travels as a cross-shard message after the writer's
// round.
func Partition(txns []Txn, numShards int) (*PartitionedBlock, error) {
	if numShards < 1 || numShards > MaxShards {
		return nil, fmt.Errorf("executor: partition: %d shards, want 1..%d", numShards, MaxShards)
	}
	last := MaxRounds - 1
	maxRound := map[string][]int{} // account → per shard, the last round that touched it (-1: none)
	lastWriter := map[string]placement{}
	type depKey struct{ from, to placement }
	deps := map[depKey][]string{}
	var depOrder []depKey
	places := make([]placement, len(txns))
	numRounds := 1
	for i, t := range txns {
		if err := t.check(); err != nil {
			return nil, fmt.Errorf("executor: partition: txn %d: %w", i, err)
		}
		keys := t.Keys()
		s := HomeShard(t.From, numShards)
		r := 0
		for _, k := range keys {
			for x, lr := range maxRound[k] {
				if lr < 0 {
					continue
				}
				need := lr + 1
				if x == s {
					need = lr
				}
				r = max(r, need)
			}
		}
		if r >= last {
			s, r = 0, last
		}
		p := placement{s, r}
		places[i] = p
		numRounds = max(numRounds, r+1)
		for _, k := range keys {
			if w, ok := lastWriter[k]; ok && w.shard != s {
				dk := depKey{w, p}
				if _, seen := deps[dk]; !seen {
					depOrder = append(depOrder, dk)
				}
				deps[dk] = appendUnique(deps[dk], k)
			}
			rounds := maxRound[k]
			if rounds == nil {
				rounds = make([]int, numShards)
				for j := range rounds {
					rounds[j] = -1
				}
				maxRound[k] = rounds
			}
			rounds[s] = max(rounds[s], r)
			if t.Writes() {
				lastWriter[k] = p
			}
		}
	}
	b := &PartitionedBlock{NumShards: numShards, NumRounds: numRounds, NumTxns: len(txns), Shards: make([][]SubBlock, numShards)}
	for s := range b.Shards {
		b.Shards[s] = make([]SubBlock, numRounds)
	}
	for i, t := range txns {
		p := places[i]
		sb := &b.Shards[p.shard][p.round]
		sb.Txns = append(sb.Txns, IndexedTxn{Index: i, Txn: t})
	}
	for _, dk := range depOrder {
		keys := deps[dk]
		sort.Strings(keys)
		to := &b.Shards[dk.to.shard][dk.to.round]
		to.Recv = append(to.Recv, CrossShardDep{Shard: dk.from.shard, Round: dk.from.round, Keys: keys})
		from := &b.Shards[dk.from.shard][dk.from.round]
		from.Send = append(from.Send, CrossShardDep{Shard: dk.to.shard, Round: dk.to.round, Keys: keys})
	}
	return b, nil
}

func appendUnique(keys []string, k string) []string {
	for _, x := range keys {
		if x == k {
			return keys
		}
	}
	return append(keys, k)
}
