package simrun

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A -trace path that cannot be written is a usage error before anything
// runs, not a lost verdict after the run.
func TestTracePathCheckedBeforeTheRun(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := runIn(dir, nil, "-scenario", "start-shutdown", "-seed", "1", "-trace", filepath.Join(dir, "missing", "t.json"))
	require.Equal(t, exitUsage, code, errOut)
	require.Contains(t, errOut, "-trace: ")
	require.NotContains(t, errOut, "PASS")

	out, errOut, code := runIn(dir, nil, "-scenario", "start-shutdown", "-seed", "1", "-trace", "t.json")
	require.Equal(t, exitPass, code, errOut)
	require.Contains(t, out+errOut, "trace written: t.json")
	require.FileExists(t, filepath.Join(dir, "t.json"))
}
