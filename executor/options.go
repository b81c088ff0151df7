package executor

// Option is a behavioural switch of ExecutorService.
type Option func(*options) error

type options struct {
	defects DefectSet
	observe func(shard int, block uint64)
}

// WithExecutionObserver calls f each time the shard's loop starts to
// execute a block (a duplicated command is dropped before, and not
// reported), from the loop's goroutine: a harness records the calls to
// check that no block executes twice. f must not block.
func WithExecutionObserver(f func(shard int, block uint64)) Option {
	return func(o *options) error {
		o.observe = f
		return nil
	}
}

// WithDefect switches on the audited defects called names (see Defects).
// An unknown name makes NewExecutorService fail.
func WithDefect(names ...string) Option {
	return func(o *options) error {
		s, err := ParseDefects(names...)
		if err != nil {
			return err
		}
		o.defects |= s
		return nil
	}
}

func buildOptions(opts []Option) (options, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return options{}, err
		}
	}
	return o, nil
}
