// Package testsource finds lines of a test's own source files, for tests
// that check a report names the right line without pinning its number.
package testsource

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// Line returns the number of the first line of file that holds marker,
// skipping lines where it stands right after a quote: those are the
// calls that look for it. It fails t if no line holds it.
func Line(t testing.TB, file, marker string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("testsource: %v", err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) && !strings.Contains(l, `"`+marker) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("testsource: no line of %s holds %q", file, marker)
	return ""
}
