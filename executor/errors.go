package executor

import "errors"

// ErrShutdown is the outcome of work that a shutdown cut short: a block in
// flight when the coordinator or a shard shut down, a send after the
// controller stopped. Errors wrap it with the part and shard concerned.
var ErrShutdown = errors.New("executor: shut down")

// errPermanent marks a transport error that retrying cannot fix (a frame
// too large to send, a message type that cannot be encoded).
var errPermanent = errors.New("permanent")

type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, errPermanent} }
func permanent(err error) error          { return permanentError{err} }
func isPermanent(err error) bool         { return errors.Is(err, errPermanent) }
