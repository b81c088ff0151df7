package fuzzrace

import "testing"

func FuzzAddTwice(f *testing.F) {
	f.Add(3)
	f.Fuzz(func(t *testing.T, n int) {
		if got := AddTwice(n); got != 2*n {
			t.Errorf("AddTwice(%d) = %d, want %d", n, got, 2*n) // marker: lost
		}
	})
}
