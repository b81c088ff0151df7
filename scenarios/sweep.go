package scenarios

import (
	"fmt"
)

// Summary is what a sweep of seeds found.
type Summary struct {
	Runs, Failures int
	// ByKind counts the failures by property kind.
	ByKind map[Kind]int
	// First is the first failing run, with its replay command.
	First *Outcome
}

// Sweep runs cfg for seeds from..from+n-1 and summarizes; stopOnFail
// stops at the first failure.
func Sweep(cfg Config, from uint64, n int, stopOnFail bool) (*Summary, error) {
	s := &Summary{ByKind: map[Kind]int{}}
	for i := range n {
		c := cfg
		c.Seed = from + uint64(i)
		o, err := Run(c)
		if err != nil {
			return nil, err
		}
		s.Runs++
		if o.Failure != nil {
			s.Failures++
			s.ByKind[o.Failure.Kind]++
			if s.First == nil {
				s.First = o
			}
			if stopOnFail {
				break
			}
		}
	}
	return s, nil
}

// String is the summary in one line, kinds in their fixed order.
func (s *Summary) String() string {
	if s.Failures == 0 {
		return fmt.Sprintf("pass %d/%d", s.Runs, s.Runs)
	}
	kinds := ""
	for _, k := range append(Kinds(), Harness) {
		if n := s.ByKind[k]; n > 0 {
			if kinds != "" {
				kinds += ","
			}
			kinds += fmt.Sprintf("%s=%d", k, n)
		}
	}
	return fmt.Sprintf("fail %d/%d (%s); first at seed %d: %v", s.Failures, s.Runs, kinds, s.First.Seed, s.First.Failure)
}
