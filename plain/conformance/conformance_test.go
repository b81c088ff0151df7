package conformance

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"
)

var (
	writeFile = flag.String("conformance.write", "", "write every program's transcript to this JSON `file`")
	wantFile  = flag.String("conformance.want", "", "compare every program's transcript with this JSON `file` (one written by -conformance.write)")
)

// TestPrograms runs every program. With -conformance.write it saves the
// transcripts, with -conformance.want it compares with saved ones (the
// native run writes, the rewritten run compares); with neither it checks
// that each program gives the same transcript twice.
func TestPrograms(t *testing.T) {
	if *writeFile != "" && *wantFile != "" {
		t.Fatal("conformance: -conformance.write and -conformance.want are exclusive")
	}
	var want map[string][]string
	if *wantFile != "" {
		data, err := os.ReadFile(*wantFile)
		if err != nil {
			t.Fatalf("conformance: reading -conformance.want: %v", err)
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("conformance: parsing -conformance.want %s: %v", *wantFile, err)
		}
	}
	got := map[string][]string{}
	for _, p := range Programs() {
		tr := p.Run()
		got[p.Name] = tr
		switch {
		case want != nil:
			w, ok := want[p.Name]
			if !ok {
				t.Errorf("%s: not in %s", p.Name, *wantFile)
				continue
			}
			if d := firstDifference(w, tr); d != "" {
				t.Errorf("%s: %s", p.Name, d)
			}
		case *writeFile == "":
			if d := firstDifference(tr, p.Run()); d != "" {
				t.Errorf("%s: second run differs: %s", p.Name, d)
			}
		}
	}
	if *writeFile != "" {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*writeFile, append(data, '\n'), 0o644); err != nil {
			t.Fatalf("conformance: writing -conformance.write: %v", err)
		}
	}
}

// firstDifference describes where two transcripts first differ, or
// returns "" if they are equal.
func firstDifference(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, want[i], got[i])
		}
	}
	if len(want) > len(got) {
		return fmt.Sprintf("line %d: want %q, got the end", len(got)+1, want[len(got)])
	}
	return fmt.Sprintf("line %d: want the end, got %q", len(want)+1, got[len(want)])
}

func TestProgramNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Programs() {
		if seen[p.Name] {
			t.Errorf("program %s listed twice", p.Name)
		}
		seen[p.Name] = true
	}
	if len(seen) < 40 {
		t.Errorf("%d programs, want at least 40", len(seen))
	}
}

func TestFirstDifference(t *testing.T) {
	for _, c := range []struct {
		want, got []string
		diff      string
	}{
		{[]string{"a"}, []string{"a"}, ""},
		{[]string{"a", "b"}, []string{"a", "c"}, `line 2: want "b", got "c"`},
		{[]string{"a", "b"}, []string{"a"}, `line 2: want "b", got the end`},
		{[]string{"a"}, []string{"a", "x"}, `line 2: want the end, got "x"`},
	} {
		if d := firstDifference(c.want, c.got); d != c.diff {
			t.Errorf("firstDifference(%q, %q) = %q, want %q", c.want, c.got, d, c.diff)
		}
	}
}
