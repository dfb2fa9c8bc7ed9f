package protocol

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/store"
)

// onEvent is the session's whatsmeow event handler. It runs on whatsmeow's node-handling
// goroutine, and its result decides whether the server is acknowledged: false leaves the stanza
// unacknowledged so the server delivers it again (see the package comment).
func (s *Session) onEvent(cli *whatsmeow.Client, evt any) bool {
	s.activity.enter()
	defer s.activity.leave()
	if s.onConnectionEvent(cli, evt) {
		return true
	}
	ctx := context.Background()
	evs := s.tr.Translate(ctx, evt)
	if err := s.deliver(ctx, evt, evs); err != nil {
		s.log.Error("event not queued; the server will deliver it again", "event", fmt.Sprintf("%T", evt), "err", err)
		return false
	}
	s.pauseAfterRetryRequest(evt)
	if m, ok := evt.(*wmevents.Message); ok && len(evs) > 0 && m.Info.Category != "peer" {
		s.tally.received.Add(1)
	}
	return true
}

// deliver stores a received message in the message store and appends the translated events to
// the queue, in one transaction (synced on commit). A message is appended once per chat and id.
// Events with no translation (a sender-key-only message, whatsmeow-internal events) leave no trace.
func (s *Session) deliver(ctx context.Context, evt any, evs []events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	entries, err := encodeEntries(evs)
	if err != nil {
		return err
	}
	return s.m.db.DoTxn(ctx, func(ctx context.Context) error {
		if msg, ok := evt.(*wmevents.Message); ok {
			if err := s.storeReceived(ctx, msg); err != nil {
				return err
			}
		}
		q := s.eventQueue()
		if key := dedupeKey(evt); key != "" && len(entries) == 1 {
			_, _, err := q.AppendOnce(ctx, key, entries[0])
			return err
		}
		for _, entry := range entries {
			if _, err := q.Append(ctx, entry); err != nil {
				return err
			}
		}
		return nil
	})
}

// dedupeKey names the events that the server may deliver twice (after a crash before the ack):
// received messages, by chat and id. An undecryptable message has its own key, so the decrypted
// message that follows a successful retry is still queued.
func dedupeKey(evt any) string {
	switch e := evt.(type) {
	case *wmevents.Message:
		return "m|" + e.Info.Chat.String() + "|" + e.Info.ID
	case *wmevents.UndecryptableMessage:
		return "u|" + e.Info.Chat.String() + "|" + e.Info.ID
	}
	return ""
}

func (s *Session) storeReceived(ctx context.Context, e *wmevents.Message) error {
	raw := e.RawMessage
	if raw == nil {
		raw = e.Message
	}
	b, err := proto.Marshal(raw)
	if err != nil {
		return fmt.Errorf("protocol: marshal message %s: %w", e.Info.ID, err)
	}
	return s.messages.Put(ctx, store.StoredMessage{
		Chat:      e.Info.Chat.String(),
		ID:        e.Info.ID,
		Sender:    e.Info.Sender.ToNonAD().String(),
		FromMe:    e.Info.IsFromMe,
		Timestamp: e.Info.Timestamp,
		Message:   b,
	})
}

// recordSent stores a message this session sent and queues its 'append' upsert, as Baileys echoes
// own sends. Keyed like received messages, so the copy the server may echo back is not queued again.
func (s *Session) recordSent(ctx context.Context, stored store.StoredMessage, ev events.Event) error {
	payload, err := encodeEvents([]events.Event{ev})
	if err != nil {
		return err
	}
	return s.m.db.DoTxn(ctx, func(ctx context.Context) error {
		if err := s.messages.Put(ctx, stored); err != nil {
			return err
		}
		_, _, err := s.eventQueue().AppendOnce(ctx, "m|"+stored.Chat+"|"+stored.ID, payload)
		return err
	})
}

// queueEvents appends events the session itself produces (not translated from whatsmeow).
func (s *Session) queueEvents(ctx context.Context, evs ...events.Event) error {
	payload, err := encodeEvents(evs)
	if err != nil {
		return err
	}
	_, err = s.eventQueue().Append(ctx, payload)
	return err
}

// lookups gives the translator what it needs from the live session.
type lookups struct{ s *Session }

func (l lookups) Me() events.Me {
	return l.s.Status().Me
}

func (l lookups) PNForLID(ctx context.Context, lid types.JID) types.JID {
	pn, err := l.s.client().Store.LIDs.GetPNForLID(ctx, lid)
	if err != nil {
		l.s.log.Warn("LID lookup failed", "lid", lid, "err", err)
	}
	return pn
}

func (l lookups) LIDForPN(ctx context.Context, pn types.JID) types.JID {
	lid, err := l.s.client().Store.LIDs.GetLIDForPN(ctx, pn)
	if err != nil {
		l.s.log.Warn("LID lookup failed", "pn", pn, "err", err)
	}
	return lid
}

func (l lookups) DecryptPollVote(ctx context.Context, evt *wmevents.Message) (*waE2E.PollVoteMessage, error) {
	return l.s.client().DecryptPollVote(ctx, evt)
}
