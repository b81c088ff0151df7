package scenarios

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/simtest"
)

// The scenarios from plain go test: each one a simtest run over its own
// seeds, in parallel subtests, with simtest's replay of saved failures
// and determinism self-check.
func TestScenariosWithSimtest(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			body, err := Body(Config{Scenario: s.Name})
			require.NoError(t, err)
			simtest.Run(t, func(t *simtest.T) { body(t) }, simtest.Seeds(30))
		})
	}
}

// A property failure inside Body reaches simtest as a failure naming the
// property.
func TestBodyReportsProperties(t *testing.T) {
	body, err := Body(Config{Scenario: "start-shutdown", Defects: []string{"senders-never-closed"}})
	require.NoError(t, err)
	rec := &recorder{T: t}
	simtest.Run(rec, func(t *simtest.T) { body(t) }, simtest.Seeds(3), simtest.NoPersist())
	require.NotEmpty(t, rec.errors)
	// Which shard is met first is the schedule's choice.
	require.Regexp(t, `not-joined in RemoteStateValueReceiver-(\d): shard (\d): after Shutdown returned: 1 goroutine\(s\) of ExecutorService-\d still running when it was to be joined: RemoteStateValueReceiver-\d`, rec.errors[0])
	require.Contains(t, rec.errors[0], "-execsim.seed=0")
}

// recorder is a simtest.TB that keeps the errors instead of failing.
type recorder struct {
	*testing.T
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, sprintf(format, args...))
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
