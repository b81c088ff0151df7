package executor

import "errors"

// ErrShutdown is the outcome of work that a shutdown cut short: a block in
// flight when the coordinator or a shard shut down, a send after the
// controller stopped. Errors wrap it with the part and shard concerned.
var ErrShutdown = errors.New("executor: shut down")
