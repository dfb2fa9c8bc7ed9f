package testkit

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"
)

// recorder keeps every event a client emitted; waiters take them in order, each at most once.
type recorder struct {
	mu     sync.Mutex
	events []any
	taken  []bool
	notify chan struct{} // closed and replaced on every new event
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{})} }

func (r *recorder) add(evt any) {
	r.mu.Lock()
	r.events = append(r.events, evt)
	r.taken = append(r.taken, false)
	close(r.notify)
	r.notify = make(chan struct{})
	r.mu.Unlock()
}

// take returns the first untaken event that matches, waiting up to timeout for it.
func (r *recorder) take(match func(any) bool, timeout time.Duration) (any, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	next := 0
	for {
		r.mu.Lock()
		for ; next < len(r.events); next++ {
			if !r.taken[next] && match(r.events[next]) {
				r.taken[next] = true
				evt := r.events[next]
				r.mu.Unlock()
				return evt, true
			}
		}
		wait := r.notify
		r.mu.Unlock()
		select {
		case <-wait:
		case <-deadline.C:
			return nil, false
		}
	}
}

// describe lists the recorded event types, for failure messages.
func (r *recorder) describe() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := ""
	for i, e := range r.events {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%T", e)
	}
	return "[" + out + "]"
}

// WaitFor waits for the first not yet taken event of type T that satisfies match (nil matches all),
// failing the test after Timeout.
func WaitFor[T any](t testing.TB, c *Client, match func(T) bool) T {
	t.Helper()
	evt, ok := c.events.take(func(e any) bool {
		v, ok := e.(T)
		return ok && (match == nil || match(v))
	}, Timeout)
	if !ok {
		var zero T
		t.Fatalf("testkit: %s: no %T event within %s; got %s", c.name, zero, Timeout, c.events.describe())
	}
	return evt.(T)
}

// WaitMessage waits for a message event that satisfies match (nil matches all).
func (c *Client) WaitMessage(t testing.TB, match func(*events.Message) bool) *events.Message {
	t.Helper()
	return WaitFor(t, c, match)
}

// WaitReceipt waits for a receipt of message id with the given type ("" = delivered).
func (c *Client) WaitReceipt(t testing.TB, id string, typ string) *events.Receipt {
	t.Helper()
	return WaitFor(t, c, func(r *events.Receipt) bool {
		if string(r.Type) != typ {
			return false
		}
		for _, mid := range r.MessageIDs {
			if mid == id {
				return true
			}
		}
		return false
	})
}

// Text matches messages whose text (plain or extended) is s.
func Text(s string) func(*events.Message) bool {
	return func(m *events.Message) bool {
		return m.Message.GetConversation() == s || m.Message.GetExtendedTextMessage().GetText() == s
	}
}

// Discard marks every event recorded so far as taken, so later waits only see what happens next.
func (c *Client) Discard() {
	c.events.mu.Lock()
	defer c.events.mu.Unlock()
	for i := range c.events.taken {
		c.events.taken[i] = true
	}
}
