package protocol

import (
	"context"
	"errors"
	"sync"

	"github.com/botrt/botrt/protocol/events"
)

// ErrWatchClosed is returned by Updates.Next after the watch or its session was closed.
var ErrWatchClosed = errors.New("protocol: watch closed")

// maxPendingUpdates bounds what a watcher that stopped reading can pile up. Connection updates are
// a handful per minute at worst; past the bound the oldest are dropped (and counted in Dropped):
// only the latest state matters to a script, and a stuck watcher must not grow without limit.
const maxPendingUpdates = 256

// Updates is one watcher's feed of connection.update and creds.update events. These are not
// queued durably: they describe the live connection, and replaying an old QR code or an old close
// after a restart would mislead a script. A new watcher first gets the current state.
type Updates struct {
	mu      sync.Mutex
	pending []events.Event
	wake    chan struct{} // closed and replaced when pending grows or the feed closes
	closed  bool
	dropped int
	detach  func(*Updates)
}

func newUpdates(detach func(*Updates)) *Updates {
	return &Updates{wake: make(chan struct{}), detach: detach}
}

func (u *Updates) push(evs ...events.Event) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed || len(evs) == 0 {
		return
	}
	u.pending = append(u.pending, evs...)
	if over := len(u.pending) - maxPendingUpdates; over > 0 {
		u.pending = append(u.pending[:0:0], u.pending[over:]...)
		u.dropped += over
	}
	close(u.wake)
	u.wake = make(chan struct{})
}

// Next returns the next update, waiting for one until ctx ends or the feed is closed.
func (u *Updates) Next(ctx context.Context) (events.Event, error) {
	for {
		u.mu.Lock()
		if len(u.pending) > 0 {
			ev := u.pending[0]
			u.pending = u.pending[1:]
			u.mu.Unlock()
			return ev, nil
		}
		wake, closed := u.wake, u.closed
		u.mu.Unlock()
		if closed {
			return events.Event{}, ErrWatchClosed
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return events.Event{}, ctx.Err()
		}
	}
}

// Dropped is how many updates were discarded because this watcher fell behind.
func (u *Updates) Dropped() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.dropped
}

// Close stops the feed; pending updates are discarded and Next returns ErrWatchClosed.
func (u *Updates) Close() {
	u.mu.Lock()
	if u.closed {
		u.mu.Unlock()
		return
	}
	u.closed = true
	u.pending = nil
	close(u.wake)
	detach := u.detach
	u.mu.Unlock()
	if detach != nil {
		detach(u)
	}
}
