package sim

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The heap gives the earliest timer (by when, then id) through any
// sequence of pushes and removals, and every timer knows its index.
func TestTimerHeapAgainstSortedSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var h timerHeap
		var want []*wtimer // sorted by when, then id
		order := func(a, b *wtimer) int {
			if a.when != b.when {
				return int(a.when - b.when)
			}
			return a.id - b.id
		}
		id := 0
		for range rapid.IntRange(1, 400).Draw(t, "ops") {
			// Pushes half the time, so that heaps grow deep enough for a
			// removal to need its replacement sifted up.
			switch op := rapid.IntRange(0, 3).Draw(t, "op"); {
			case op <= 1 || len(want) == 0:
				id++
				tm := &wtimer{id: id, idx: -1, when: time.Duration(rapid.IntRange(0, 1000).Draw(t, "when"))}
				h.push(tm)
				p, _ := slices.BinarySearchFunc(want, tm, order)
				want = slices.Insert(want, p, tm)
			case op == 2: // remove any pending timer
				k := rapid.IntRange(0, len(want)-1).Draw(t, "k")
				tm := want[k]
				if got := h.remove(tm.idx); got != tm || tm.idx != -1 {
					t.Fatalf("remove(%d) = timer %d (idx %d), want timer %d", k, got.id, got.idx, tm.id)
				}
				want = slices.Delete(want, k, k+1)
			default: // the earliest
				if got := h.remove(0); got != want[0] {
					t.Fatalf("earliest: timer %d at %v, want %d at %v", got.id, got.when, want[0].id, want[0].when)
				}
				want = want[1:]
			}
			if len(h) != len(want) {
				t.Fatalf("len %d, want %d", len(h), len(want))
			}
			for i, tm := range h {
				if tm.idx != i {
					t.Fatalf("timer %d at %d says idx %d", tm.id, i, tm.idx)
				}
				if i > 0 && h.less(i, (i-1)/2) {
					t.Fatalf("timer %d at %d is earlier than its parent %d", tm.id, i, h[(i-1)/2].id)
				}
			}
			if len(want) > 0 && h[0] != want[0] {
				t.Fatalf("top: timer %d, want %d", h[0].id, want[0].id)
			}
		}
	})
}
