package oldlang

import "testing"

func TestSum(t *testing.T) {
	if s, c := Both(); s != 5 || c != 3 {
		t.Fatalf("sum %d count %d", s, c)
	}
}
