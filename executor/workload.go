package executor

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
)

// TxnKind is what a transaction does.
type TxnKind uint8

const (
	// Transfer moves Amount from From to To if From holds at least Amount.
	Transfer TxnKind = iota + 1
	// Read reads From's balance and writes nothing.
	Read
)

func (k TxnKind) String() string {
	switch k {
	case Transfer:
		return "transfer"
	case Read:
		return "read"
	}
	return fmt.Sprintf("TxnKind(%d)", uint8(k))
}

// Txn is one transaction of the workload. Accounts are named by key; an
// account that does not exist holds 0.
type Txn struct {
	Kind   TxnKind
	From   string
	To     string `json:",omitempty"`
	Amount uint64 `json:",omitempty"`
}

// Keys are the accounts the transaction touches, sorted, without
// duplicates: its read set, and for a transfer its write set.
func (t Txn) Keys() []string {
	if t.Kind == Transfer && t.To != t.From {
		if t.To < t.From {
			return []string{t.To, t.From}
		}
		return []string{t.From, t.To}
	}
	return []string{t.From}
}

// Writes reports whether the transaction may write.
func (t Txn) Writes() bool { return t.Kind == Transfer }

func (t Txn) check() error {
	switch t.Kind {
	case Transfer:
		if t.From == "" || t.To == "" {
			return fmt.Errorf("executor: transfer with an empty account (from %q, to %q)", t.From, t.To)
		}
	case Read:
		if t.From == "" {
			return fmt.Errorf("executor: read of an empty account")
		}
	default:
		return fmt.Errorf("executor: unknown transaction kind %d", t.Kind)
	}
	return nil
}

// Status is a transaction's outcome.
type Status string

const (
	StatusOK           Status = "ok"
	StatusInsufficient Status = "insufficient-funds" // a transfer larger than the balance: nothing written
)

// KV is one account's value. Exists is false for an account no one has
// written, whose balance reads as 0.
type KV struct {
	Key    string
	Value  uint64
	Exists bool `json:",omitempty"`
}

// TxnOutput is what one transaction produced. Index is its position in
// the block, which lets sharded outputs be put back in block order.
type TxnOutput struct {
	Index  int
	Status Status
	// Value is the balance read (Read) or From's balance afterwards
	// (Transfer).
	Value  uint64
	Writes []KV `json:",omitempty"`
}

// StateView is read access to account balances, the original's
// StateView. Get may block (a remote view waits for the coordinator); it
// returns ctx's error, or the view's, when it cannot answer.
type StateView interface {
	Get(ctx context.Context, key string) (value uint64, exists bool, err error)
}

// State is an in-memory set of balances: the coordinator's committed
// state, and the base view a block executes against.
type State map[string]uint64

// Get implements StateView; it never blocks.
func (s State) Get(_ context.Context, key string) (uint64, bool, error) {
	v, ok := s[key]
	return v, ok, nil
}

// Clone returns a copy of s (never nil). A copy does not depend on the
// order it is made in, so it needs no sorted keys.
func (s State) Clone() State {
	if s == nil {
		return State{}
	}
	return maps.Clone(s)
}

// Keys returns the accounts of s, sorted.
func (s State) Keys() []string {
	return slices.Sorted(maps.Keys(s))
}

// Apply commits outputs, in order, to s.
func (s State) Apply(outputs []TxnOutput) {
	for _, o := range outputs {
		for _, w := range o.Writes {
			s[w.Key] = w.Value
		}
	}
}

// readFunc reads an account's current balance during execution.
type readFunc func(key string) (uint64, error)

// executeTxn runs one transaction against read and returns its output;
// the caller applies the writes to its own view.
func executeTxn(index int, t Txn, read readFunc) (TxnOutput, error) {
	if err := t.check(); err != nil {
		return TxnOutput{}, fmt.Errorf("executor: txn %d: %w", index, err)
	}
	from, err := read(t.From)
	if err != nil {
		return TxnOutput{}, err
	}
	out := TxnOutput{Index: index, Status: StatusOK, Value: from}
	if t.Kind == Read {
		return out, nil
	}
	if from < t.Amount {
		out.Status = StatusInsufficient
		return out, nil
	}
	if t.To == t.From {
		out.Writes = []KV{{Key: t.From, Value: from, Exists: true}}
		return out, nil
	}
	to, err := read(t.To)
	if err != nil {
		return TxnOutput{}, err
	}
	if to+t.Amount < to {
		return TxnOutput{}, fmt.Errorf("executor: txn %d: balance of %q overflows", index, t.To)
	}
	out.Value = from - t.Amount
	out.Writes = []KV{{Key: t.From, Value: from - t.Amount, Exists: true}, {Key: t.To, Value: to + t.Amount, Exists: true}}
	return out, nil
}

// ExecuteSequential is the reference executor: the block's transactions
// one after another against base. It returns the outputs in block order
// and the state afterwards; base is not modified.
func ExecuteSequential(base State, txns []Txn) ([]TxnOutput, State, error) {
	st := base.Clone()
	outs := make([]TxnOutput, 0, len(txns))
	for i, t := range txns {
		o, err := executeTxn(i, t, func(k string) (uint64, error) { return st[k], nil })
		if err != nil {
			return nil, nil, err
		}
		st.Apply([]TxnOutput{o})
		outs = append(outs, o)
	}
	return outs, st, nil
}

// BlockOutput is the outputs of a sharded execution, as the coordinator
// gathers them: per shard, per round, in execution order.
type BlockOutput struct {
	Shards [][][]TxnOutput
}

// Ordered returns every output in block order.
func (b *BlockOutput) Ordered() []TxnOutput {
	var all []TxnOutput
	for _, rounds := range b.Shards {
		for _, outs := range rounds {
			all = append(all, outs...)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Index < all[j].Index })
	return all
}
