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
