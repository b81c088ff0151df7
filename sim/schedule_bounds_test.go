package sim

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The parser is bounded by what it reads, never by what a file declares:
// a huge "choices N" is an error, not an allocation.
func TestParseScheduleDeclaredCount(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, in := range []string{
		"execsim schedule v1\nchoices 9223372036854775807\ng0/2\n",
		"execsim schedule v1\nchoices 100000000000\ng0/2\n",
		"execsim schedule v1\nchoices 4194305\ng0/2\n", // one over ScheduleChoicesMax
	} {
		_, err := ParseSchedule(strings.NewReader(in))
		require.Error(t, err, in)
		require.Contains(t, err.Error(), "want at most 4194304", in)
	}
	runtime.ReadMemStats(&after)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "parsing three tiny files allocated %d bytes", after.TotalAlloc-before.TotalAlloc)
}

// More choices than announced is an error at the first extra one: the
// parser does not go on reading a file that already lied.
func TestParseScheduleTooManyChoices(t *testing.T) {
	_, err := ParseSchedule(strings.NewReader("execsim schedule v1\nchoices 1\ng0/2\ng1/2 g0/2\n"))
	require.ErrorContains(t, err, "line 4: more than the 1 choices announced")
}

// The limits are the parser's, whatever the file: a line longer than
// ScheduleLineMax, more metadata or comment lines than allowed.
func TestParseScheduleLimits(t *testing.T) {
	lim := scheduleLimits{lineMax: 64, choicesMax: 3, metaMax: 2, commentsMax: 2}
	for _, c := range []struct{ name, in, want string }{
		{"long line", "execsim schedule v1\nseed " + strings.Repeat("1", 100) + "\nchoices 0\n", "line 2: longer than 64 bytes"},
		{"many choices", "execsim schedule v1\nchoices 4\ng0/2 g0/2 g0/2 g0/2\n", `"choices 4": want at most 3`},
		{"many metadata", "execsim schedule v1\na 1\nb 2\nc 3\nchoices 0\n", "line 4: more than 2 metadata lines"},
		{"many comments", "# a\n# b\n# c\nexecsim schedule v1\nchoices 0\n", "line 3: more than 2 comment lines"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseSchedule(strings.NewReader(c.in), lim)
			require.ErrorContains(t, err, c.want)
		})
	}
	s, err := parseSchedule(strings.NewReader("# a\n# b\nexecsim schedule v1\na 1\nb 2\nchoices 3\ng0/2 g0/2 g0/2\n"), lim)
	require.NoError(t, err, "a file at every limit is read")
	require.Len(t, s.Choices, 3)
}
