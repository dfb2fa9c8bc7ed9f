package protocol

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/store"
)

// State is a session's connection state, with Baileys' names.
type State string

const (
	StateClosed     State = "close"
	StateConnecting State = "connecting"
	StateOpen       State = "open"
)

// Status is a snapshot of a session's connection.
type Status struct {
	State State
	// LastError is why the session last closed (an *errs.Error with Baileys' status code), nil if
	// it never did.
	LastError error
	// QR is the QR code currently shown for pairing, "" when none is.
	QR string
	// PairingPhone is the number PairPhone was asked to pair with while unpaired (set as the call
	// starts, so whoever links sessions knows the code, not the QR, is to link this one), and
	// PairingCode the code it returned.
	PairingPhone, PairingCode string
	// IsNewLogin is set once pairing succeeded in this process.
	IsNewLogin bool
	// ReceivedPendingNotifications is set once the server delivered what it held while offline.
	ReceivedPendingNotifications bool
	// Me is the account; empty JIDs before pairing.
	Me events.Me
}

// Session is one named WhatsApp account. All methods are safe for concurrent use.
type Session struct {
	name string
	m    *Manager
	log  *slog.Logger

	messages *store.Messages
	tr       *events.Translator

	mu       sync.Mutex
	queue    *store.Queue
	cli      *whatsmeow.Client
	release  func() // frees the current client's transport
	status   Status
	watchers map[*Updates]struct{}
	run      *runner     // the connection supervisor while Connect is in effect
	qr       *qrRotation // the QR codes being shown, while pairing
	closed   bool

	conn     connSettings    // the socket's connection options (sessionconfig.go)
	tally    counters        // messages sent and received, presence (counters.go)
	activity handlerActivity // when whatsmeow's event handler runs (quiesce.go)
	// logSink is the current socket's logger (logsink.go).
	logSink atomic.Pointer[LogSink]

	hooks atomic.Pointer[Hooks] // the current socket's message-path options (hooks.go)
}

func newSession(ctx context.Context, m *Manager, name string) (*Session, error) {
	q, err := m.db.Queue(name, m.opts.Queue)
	if err != nil {
		return nil, err
	}
	msgs, err := m.db.Messages(name, m.opts.Messages)
	if err != nil {
		return nil, err
	}
	s := &Session{
		name:     name,
		m:        m,
		queue:    q,
		messages: msgs,
		watchers: map[*Updates]struct{}{},
		status:   Status{State: StateClosed},
	}
	s.log = slog.New(&teeHandler{base: m.log.Handler(), sink: &s.logSink}).With("session", name)
	s.tr = events.New(lookups{s}, m.opts.Translation)
	device, err := s.loadDevice(ctx)
	if err != nil {
		return nil, err
	}
	s.installClient(device)
	return s, nil
}

// loadDevice returns the device the session is paired as, or a fresh unpaired one.
func (s *Session) loadDevice(ctx context.Context) (*wastore.Device, error) {
	jid, ok, err := s.m.reg.lookup(ctx, s.name)
	if err != nil {
		return nil, err
	}
	if ok {
		device, err := s.m.container.GetDevice(ctx, jid)
		if err != nil {
			return nil, fmt.Errorf("protocol: session %s: load device %s: %w", s.name, jid, err)
		}
		if device != nil {
			return device, nil
		}
		// Logged out elsewhere while we were down (whatsmeow deleted the device): start over.
		s.log.Warn("paired device is gone from the store; the session must pair again", "jid", jid)
		if err := s.m.reg.remove(ctx, s.name); err != nil {
			return nil, err
		}
	}
	return s.m.container.NewDevice(), nil
}

// installClient makes a whatsmeow client for device and makes it current.
func (s *Session) installClient(device *wastore.Device) {
	cli := whatsmeow.NewClient(device, newWALogger(s.log.With("component", "whatsmeow")))
	// The session reconnects on its own schedule (connection.go); whatsmeow's auto-reconnect
	// would race it. Acks wait for the queue append, and decrypted plaintext is buffered until
	// then (see the package comment).
	cli.EnableAutoReconnect = false
	cli.SynchronousAck = true
	cli.EnableDecryptedEventBuffer = true
	cli.GetMessageForRetry = s.messageForRetry
	cli.PreRetryCallback = s.allowResend
	cli.GetClientPayload = s.clientPayload(device)
	cli.AddEventHandlerWithSuccessStatus(func(evt any) bool { return s.onEvent(cli, evt) })
	release := s.endpoint().apply(cli)
	s.mu.Lock()
	old := s.release
	s.cli, s.release = cli, release
	s.status.Me = meOf(device)
	s.mu.Unlock()
	if old != nil {
		old()
	}
}

func meOf(d *wastore.Device) events.Me {
	me := events.Me{LID: d.LID, Name: d.PushName}
	if d.ID != nil {
		me.ID = *d.ID
	}
	return me
}

// eventQueue is the session's queue. It is read under the lock because a test replaces it with a
// failing one to prove that a failed append leaves the server unacknowledged.
func (s *Session) eventQueue() *store.Queue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queue
}

// client is the current whatsmeow client (replaced after a logout).
func (s *Session) client() *whatsmeow.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cli
}

// Name is the session's name.
func (s *Session) Name() string { return s.name }

// Status returns a snapshot of the connection state.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Paired reports whether the session has a device identity (it may still be offline).
func (s *Session) Paired() bool { return s.client().Store.ID != nil }

// Watch returns a feed of the session's connection.update and creds.update events, starting with
// the current state (connection: 'open' for an open session, the shown QR code while pairing).
func (s *Session) Watch() *Updates {
	u := newUpdates(s.unwatch)
	s.mu.Lock()
	replay := s.replayLocked()
	if !s.closed {
		s.watchers[u] = struct{}{}
	}
	closed := s.closed
	s.mu.Unlock()
	u.push(replay...)
	if closed {
		u.Close()
	}
	return u
}

func (s *Session) unwatch(u *Updates) {
	s.mu.Lock()
	delete(s.watchers, u)
	s.mu.Unlock()
}

// replayLocked is what a new watcher must hear to know the current state.
func (s *Session) replayLocked() []events.Event {
	st := s.status
	var out []events.Event
	if !st.Me.ID.IsEmpty() {
		out = append(out, events.CredsUpdate(st.Me))
	}
	switch st.State {
	case StateOpen:
		out = append(out, events.Open())
	case StateConnecting:
		out = append(out, events.Connecting())
		if st.QR != "" {
			out = append(out, events.QR(st.QR))
		}
	case StateClosed:
		if st.LastError != nil {
			out = append(out, events.Closed(st.LastError, time.Now()))
		}
	}
	return out
}

// update changes the status under the lock and tells every watcher about evs.
func (s *Session) update(change func(st *Status), evs ...events.Event) {
	s.mu.Lock()
	if change != nil {
		change(&s.status)
	}
	ws := make([]*Updates, 0, len(s.watchers))
	for w := range s.watchers {
		ws = append(ws, w)
	}
	s.mu.Unlock()
	for _, w := range ws {
		w.push(evs...)
	}
}

// GetMessage returns a stored message (sent or received) of chat by id, or a 404 error.
func (s *Session) GetMessage(ctx context.Context, chat, id string) (*waE2E.Message, error) {
	rec, ok, err := s.messages.Get(ctx, chat, id)
	if err != nil {
		return nil, errs.Wrap(500, "message store", err)
	}
	if !ok {
		return nil, errs.New(404, fmt.Sprintf("message %s in %s is not stored", id, chat))
	}
	var msg waE2E.Message
	if err := proto.Unmarshal(rec.Message, &msg); err != nil {
		return nil, errs.Wrap(500, "stored message does not parse", err)
	}
	return &msg, nil
}

// Close disconnects the session and detaches it from its manager; the stored session (device,
// queue, messages) stays for the next Open.
func (s *Session) Close() {
	s.Disconnect()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	ws := s.watchers
	s.watchers = map[*Updates]struct{}{}
	release := s.release
	s.mu.Unlock()
	for w := range ws {
		w.Close()
	}
	s.eventQueue().Close()
	release()
	s.m.forget(s)
}
