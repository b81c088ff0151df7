package sim

import "testing"

// TestWaitqFIFO checks the queue whose oldest waiter lives outside its
// slice: order kept through pops and removals at the head, in the middle
// and at the tail, and a removed waiter no longer pointing at the queue.
func TestWaitqFIFO(t *testing.T) {
	ws := make([]waiter, 6)
	for i := range ws {
		ws[i].idx = i
	}
	var q waitq
	order := func() []int {
		var got []int
		for _, w := range append([]*waiter{q.first()}, q.rest...) {
			if w != nil {
				got = append(got, w.idx)
			}
		}
		return got
	}
	check := func(step string, want ...int) {
		t.Helper()
		got := order()
		if len(got) != len(want) || q.len() != len(want) {
			t.Fatalf("%s: queue %v (len %d), want %v", step, got, q.len(), want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: queue %v, want %v", step, got, want)
			}
		}
	}
	if q.pop() != nil {
		t.Fatal("pop of an empty queue returned a waiter")
	}
	for i := range 5 {
		q.push(&ws[i])
	}
	check("five pushed", 0, 1, 2, 3, 4)
	q.remove(&ws[2])
	check("middle removed", 0, 1, 3, 4)
	q.remove(&ws[0])
	check("head removed", 1, 3, 4)
	if ws[0].q != nil || ws[2].q != nil {
		t.Fatal("a removed waiter still points at its queue")
	}
	q.remove(&ws[4])
	check("tail removed", 1, 3)
	q.remove(&ws[5]) // never queued
	check("absent removed", 1, 3)
	q.push(&ws[5])
	if w := q.pop(); w != &ws[1] || w.q != nil {
		t.Fatalf("pop gave %v, want waiter 1 detached", w.idx)
	}
	check("popped", 3, 5)
	q.pop()
	q.pop()
	check("emptied")
	q.push(&ws[2])
	check("reused", 2)
}
