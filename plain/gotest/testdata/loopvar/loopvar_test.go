package loopvar

import "testing"

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestShared(t *testing.T) {
	if got := Collect(false); sum(got) != 3 {
		t.Fatalf("got %v", got) // marker: shared
	}
}

func TestCopied(t *testing.T) {
	if got := Collect(true); sum(got) != 3 {
		t.Fatalf("got %v", got)
	}
}

func TestClosuresShareTheLoopVariable(t *testing.T) {
	if got := Closures(); sum(got) != 9 {
		t.Fatalf("got %v, want [3 3 3] as at go1.21", got)
	}
}

func TestRangeClosuresShareTheirVariable(t *testing.T) {
	fromChan, fromMap := RangeClosures()
	if sum(fromChan) != 9 {
		t.Errorf("from the channel: got %v, want [3 3 3] as at go1.21", fromChan)
	}
	if len(fromMap) != 2 || fromMap[0] != fromMap[1] {
		t.Errorf("from the map: got %v, want one key twice as at go1.21", fromMap)
	}
}
