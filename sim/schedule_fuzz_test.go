package sim

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzSchedule feeds ParseSchedule arbitrary bytes: it must answer, never
// panic, and what it accepts must survive WriteTo and a second parse
// unchanged. Its seed corpus, testdata/fuzz/FuzzSchedule, holds the files
// that once broke the parser (huge declared counts among them); plain
// go test runs them as regression tests. Explore with
// go test ./sim -run '^$' -fuzz '^FuzzSchedule$' -fuzztime 60s.
func FuzzSchedule(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSchedule(bytes.NewReader(b))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := s.WriteTo(&out); err != nil {
			t.Fatalf("WriteTo: %v", err)
		}
		again, err := ParseSchedule(&out)
		if err != nil {
			t.Fatalf("parsing what WriteTo wrote: %v\n%s", err, out.Bytes())
		}
		if !reflect.DeepEqual(normal(s), normal(again)) {
			t.Fatalf("round trip differs:\nfirst  %#v\nsecond %#v", s, again)
		}
	})
}

// normal makes nil and empty slices equal, which WriteTo cannot tell
// apart.
func normal(s *Schedule) Schedule {
	n := *s
	if len(n.Comments) == 0 {
		n.Comments = nil
	}
	if len(n.Meta) == 0 {
		n.Meta = nil
	}
	if len(n.Choices) == 0 {
		n.Choices = nil
	}
	return n
}
