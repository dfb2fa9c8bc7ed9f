package web

import "sync"

// ring keeps the newest items published, numbered in publishing order, and wakes the streams that
// show them.
type ring[T any] struct {
	mu     sync.Mutex
	max    int
	items  []T
	seq    uint64 // number of the newest item
	notify chan struct{}
}

func newRing[T any](max int) *ring[T] { return &ring[T]{max: max, notify: make(chan struct{})} }

// add stores the item that build makes for the next sequence number.
func (r *ring[T]) add(build func(seq uint64) T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.items) == r.max {
		copy(r.items, r.items[1:])
		r.items = r.items[:r.max-1]
	}
	r.seq++
	r.items = append(r.items, build(r.seq))
	close(r.notify)
	r.notify = make(chan struct{})
}

// since returns the items after sequence number seq that are still kept, how many after seq were
// already dropped, the newest sequence number, and a channel closed when the next item arrives.
func (r *ring[T]) since(seq uint64) (items []T, dropped, newest uint64, next <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := min(r.seq-seq, uint64(len(r.items)))
	out := append([]T(nil), r.items[uint64(len(r.items))-n:]...)
	return out, r.seq - seq - n, r.seq, r.notify
}

// last returns the newest sequence number.
func (r *ring[T]) last() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seq
}
