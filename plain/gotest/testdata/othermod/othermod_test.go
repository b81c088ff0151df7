package othermod

import "testing"

func TestTwice(t *testing.T) {
	if Twice(2) != 4 {
		t.Errorf("Twice(2) = %d, want 4", Twice(2)) // marker: check
	}
}
