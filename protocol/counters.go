package protocol

import (
	"context"
	"errors"
	"sync/atomic"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
)

// counters tally a session's traffic for Baileys-style socket properties.
type counters struct {
	sent, received atomic.Int64
	online         atomic.Bool // the last presence this connection sent was available
}

// Counts is a session's message tally since it was opened in this process (Baileys has no such
// number; botrt's sock.msgCount reads it).
type Counts struct {
	// Sent counts messages SendMessage handed to the server successfully: texts, media,
	// reactions, edits, deletes, polls, as each is one message stanza.
	Sent int64
	// Received counts message stanzas the session received, decrypted and queued (from people,
	// groups, and the account's other devices); peer messages of the account's own phone (key
	// shares, history sync notifications), history sync contents, receipts, presence and
	// undecryptable messages are not counted.
	Received int64
}

// Counts returns the session's message tally.
func (s *Session) Counts() Counts {
	return Counts{Sent: s.tally.sent.Load(), Received: s.tally.received.Load()}
}

// Online reports whether the session is open and its last presence was available (Baileys'
// isOnline, which it sets on sendPresenceUpdate('available' | 'unavailable')).
func (s *Session) Online() bool {
	return s.tally.online.Load() && s.Status().State == StateOpen
}

// presenceSent records a presence the server took, and tells watchers as Baileys does:
// connection.update {isOnline}.
func (s *Session) presenceSent(p types.Presence) {
	on := p == types.PresenceAvailable
	s.tally.online.Store(on)
	s.update(nil, events.Event{Name: "connection.update", Payload: jsval.NewObject().Set("isOnline", on)})
}

// presenceOnOpen sends the configured presence once the session opened (Baileys'
// markOnlineOnConnect). A new connection starts unavailable whatever the last one sent.
func (s *Session) presenceOnOpen(cli *whatsmeow.Client) {
	s.tally.online.Store(false)
	p := s.conn.get().PresenceOnOpen
	if p == "" {
		return
	}
	// As Baileys, an account without a push name cannot announce itself; the phone syncs the name.
	if err := cli.SendPresence(context.Background(), p); err != nil {
		if errors.Is(err, whatsmeow.ErrNoPushName) {
			s.log.Warn("no push name yet: presence on connect not sent", "presence", p)
		} else {
			s.log.Warn("presence on connect not sent", "presence", p, "err", err)
		}
		return
	}
	s.presenceSent(p)
}
