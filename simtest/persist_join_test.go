package simtest_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// A saved schedule records the join check it failed under; replayed with
// the check off, a not-joined failure cannot show, and the log says why
// the file passes instead of calling the bug fixed.
func TestSavedScheduleRecordsTheJoinCheck(t *testing.T) {
	root := t.TempDir()
	late := func(rt *simtest.T) {
		rt.Go("late", func() { rt.Sleep(5 * time.Millisecond) }) // ends on its own, after the body
	}
	first := record(t)
	simtest.Run(first, late, simtest.Testdata(root), simtest.Seeds(1))
	require.Contains(t, first.only(), "strategy random: not-joined")
	file := filepath.Join(root, "execsim", "TestSavedScheduleRecordsTheJoinCheck", "seed-0.schedule")
	s, err := sim.ReadScheduleFile(file)
	require.NoError(t, err)
	join, ok := s.Get("join")
	require.True(t, ok)
	require.Equal(t, "true", join)

	second := record(t)
	simtest.Run(second, late, simtest.Testdata(root), simtest.Seeds(1), simtest.NoJoinCheck())
	require.Empty(t, second.errors)
	require.True(t, second.logged("saved with the join check on and runs with it off"), "%q", second.logs)

	third := record(t) // the same setting as the file's: no word of it
	simtest.Run(third, func(rt *simtest.T) {}, simtest.Testdata(root), simtest.Seeds(1))
	require.Empty(t, third.errors)
	require.False(t, third.logged("join check on and runs"), "%q", third.logs)
}
