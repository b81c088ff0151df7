package errgroupleak

import "testing"

func TestBuggy(t *testing.T) {
	if got := First([]int{1, 2, 3}, 2, false); got != 1 && got != 4 && got != 9 {
		t.Fatalf("First = %d, not a square of the input", got)
	}
}

func TestFixed(t *testing.T) {
	if got := First([]int{1, 2, 3}, 2, true); got != 1 && got != 4 && got != 9 {
		t.Fatalf("First = %d, not a square of the input", got)
	}
}
