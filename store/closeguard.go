package store

import (
	"errors"
	"sync"
	"time"
)

// ErrClosed is returned by calls that start after Close began.
var ErrClosed = errors.New("store: database is closed")

// closeDrainTimeout bounds how long Close waits for transactions already running.
const closeDrainTimeout = 10 * time.Second

// useGuard counts the transactions running on the database so that Close waits for them. Badger
// itself panics when an iterator is created on a closed database, and whatsmeow's goroutines (a
// pre-key upload answering a late notification, say) may still reach the store while its owner
// shuts down: with the guard they get ErrClosed instead of taking the process down.
type useGuard struct {
	mu      sync.Mutex
	n       int
	closed  bool
	drained chan struct{} // made by shut; closed when n drops to zero after that
}

// enter registers a transaction; it fails once shut has begun.
func (g *useGuard) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}
	g.n++
	return nil
}

func (g *useGuard) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 && g.drained != nil {
		close(g.drained)
		g.drained = nil
	}
}

// shut refuses new transactions and waits up to timeout for the running ones; it reports whether
// they all finished.
func (g *useGuard) shut(timeout time.Duration) bool {
	g.mu.Lock()
	g.closed = true
	if g.n == 0 {
		g.mu.Unlock()
		return true
	}
	if g.drained == nil {
		g.drained = make(chan struct{})
	}
	drained := g.drained
	g.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-drained:
		return true
	case <-t.C:
		return false
	}
}

// guarded runs fn as one registered transaction.
func (db *DB) guarded(fn func() error) error {
	if err := db.use.enter(); err != nil {
		return err
	}
	defer db.use.leave()
	return fn()
}
