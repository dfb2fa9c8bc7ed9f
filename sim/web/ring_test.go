package web

import "testing"

func TestRingKeepsTheNewestAndCountsDropped(t *testing.T) {
	r := newRing[int](3)
	if items, dropped, newest, _ := r.since(0); len(items) != 0 || dropped != 0 || newest != 0 {
		t.Fatalf("empty ring: %v %d %d", items, dropped, newest)
	}
	next := func() <-chan struct{} { _, _, _, n := r.since(0); return n }()
	for i := 1; i <= 5; i++ {
		r.add(func(seq uint64) int {
			if seq != uint64(i) {
				t.Errorf("item %d got seq %d", i, seq)
			}
			return i * 10
		})
	}
	select {
	case <-next:
	default:
		t.Fatal("adding did not wake a waiting stream")
	}
	items, dropped, newest, _ := r.since(0)
	if len(items) != 3 || items[0] != 30 || items[2] != 50 || dropped != 2 || newest != 5 {
		t.Fatalf("since(0) = %v, dropped %d, newest %d; want [30 40 50], 2, 5", items, dropped, newest)
	}
	if items, dropped, _, _ := r.since(4); len(items) != 1 || items[0] != 50 || dropped != 0 {
		t.Fatalf("since(4) = %v, dropped %d; want [50], 0", items, dropped)
	}
	if items, _, _, _ := r.since(5); len(items) != 0 {
		t.Fatalf("since(newest) = %v, want nothing", items)
	}
}
