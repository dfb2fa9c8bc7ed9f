package protocol

import (
	"context"
	"fmt"
	"sync"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/store"
)

// readBatch is how many queue entries a subscription fetches at once.
const readBatch = 32

// Delivery is one queue entry: the Baileys events translated from one whatsmeow event, in the
// order a script's handlers must see them.
type Delivery struct {
	Seq    uint64
	Events []events.Event
	// Missed counts entries before this one that the queue's retention bound dropped before this
	// consumer read them (0 normally); jsapi should log it, since a script cannot see them.
	Missed uint64
	// Err is set, and Events empty, when the entry could not be decoded. It is still a delivery
	// (so the consumer can log it and call Done) rather than an error that would stop the bot.
	Err error
	// Handled is set, and Events empty, when the consumer finished this entry before it
	// restarted (MarkDone) but had not reached it with Done: it needs only Done, in its turn.
	Handled bool
}

// Subscription is one consumer's (a bot's) reader of a session's queue. Next may read ahead of
// what Done confirmed; after a restart reading resumes after the last Done.
type Subscription struct {
	q        *store.Queue
	consumer string

	mu      sync.Mutex
	pos     uint64 // last seq handed out by Next
	pending []store.QueueEntry
	handled map[uint64]bool // MarkDone marks beyond the cursor found when subscribing
}

// Subscribe attaches consumer (a stable name: the bot's) to the session's queue. A consumer new to
// the session starts where at says; a known one resumes after its last Done.
func (s *Session) Subscribe(ctx context.Context, consumer string, at store.JoinAt) (*Subscription, error) {
	q := s.eventQueue()
	cursor, err := q.Join(ctx, consumer, at)
	if err != nil {
		return nil, fmt.Errorf("protocol: session %s: subscribe %s: %w", s.name, consumer, err)
	}
	ahead, err := q.DoneAhead(ctx, consumer)
	if err != nil {
		return nil, fmt.Errorf("protocol: session %s: subscribe %s: %w", s.name, consumer, err)
	}
	handled := make(map[uint64]bool, len(ahead))
	for _, seq := range ahead {
		handled[seq] = true
	}
	return &Subscription{q: q, consumer: consumer, pos: cursor, handled: handled}, nil
}

// Next returns the next delivery, waiting until one is appended, ctx ends, or the session closes
// (store.ErrQueueClosed). Only one goroutine should call Next at a time.
func (sub *Subscription) Next(ctx context.Context) (Delivery, error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	for len(sub.pending) == 0 {
		if err := sub.q.Wait(ctx, sub.pos); err != nil {
			return Delivery{}, err
		}
		entries, err := sub.q.Read(ctx, sub.pos, readBatch)
		if err != nil {
			return Delivery{}, err
		}
		sub.pending = entries
		if len(entries) == 0 {
			// Everything after pos was trimmed by the retention bound and nothing is newer yet:
			// skip ahead to the head so Wait blocks instead of spinning.
			head, err := sub.q.Head(ctx)
			if err != nil {
				return Delivery{}, err
			}
			sub.pos = max(sub.pos, head)
		}
	}
	e := sub.pending[0]
	sub.pending = sub.pending[1:]
	d := Delivery{Seq: e.Seq, Missed: e.Seq - sub.pos - 1}
	sub.pos = e.Seq
	if sub.handled[e.Seq] {
		delete(sub.handled, e.Seq)
		d.Handled = true
		return d, nil
	}
	d.Events, d.Err = decodeEvents(e.Payload)
	return d, nil
}

// Done records that every delivery up to and including seq was handled; entries all consumers
// are done with are deleted.
func (sub *Subscription) Done(ctx context.Context, seq uint64) error {
	return sub.q.Advance(ctx, sub.consumer, seq)
}

// MarkDone records that the delivery seq was handled while earlier ones still are, so that after
// a restart it comes back as Handled instead of being handled again. Done past seq clears it.
func (sub *Subscription) MarkDone(ctx context.Context, seq uint64) error {
	return sub.q.MarkDone(ctx, sub.consumer, seq)
}

// Leave detaches the consumer for good: its cursor is removed so it no longer holds entries.
func (sub *Subscription) Leave(ctx context.Context) error {
	return sub.q.Leave(ctx, sub.consumer)
}
