package protocol

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/store"
)

// Options configures a Manager; zero fields take the defaults noted.
type Options struct {
	// Endpoint is the server every session of the manager talks to (default: real WhatsApp).
	Endpoint Endpoint
	// Log receives session and whatsmeow logs (default slog.Default()).
	Log *slog.Logger
	// Queue and Messages bound each session's event queue and message store.
	Queue    store.QueueOptions
	Messages store.MessageOptions
	// Translation selects Baileys 6 or 7 shapes where they differ.
	Translation events.Options
	// Backoff spaces reconnects (default 1 s doubling to 60 s).
	Backoff Backoff
	// DeafAfter is how many keepalives in a row may go unanswered before the socket is taken for
	// deaf and replaced (default 2: about a minute with whatsmeow's 20–30 s pings and 10 s
	// deadline, where whatsmeow alone waits three minutes).
	DeafAfter int
	// CallTimeout bounds an outbound call whose ctx has no deadline (default 60 s, Baileys'
	// defaultQueryTimeoutMs); it then fails with 408.
	CallTimeout time.Duration
	// QRFirst and QRNext are how long the first and each later QR code is shown (default 60 s
	// and 20 s, as Baileys).
	QRFirst, QRNext time.Duration
}

func (o *Options) defaults() {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Backoff.Min <= 0 {
		o.Backoff.Min = time.Second
	}
	if o.Backoff.Max < o.Backoff.Min {
		o.Backoff.Max = max(60*time.Second, o.Backoff.Min)
	}
	if o.DeafAfter <= 0 {
		o.DeafAfter = 2
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 60 * time.Second
	}
	if o.QRFirst <= 0 {
		o.QRFirst = 60 * time.Second
	}
	if o.QRNext <= 0 {
		o.QRNext = 20 * time.Second
	}
}

// Manager holds the named sessions of one process, all on one store.
type Manager struct {
	db        *store.DB
	container *store.Container
	opts      Options
	log       *slog.Logger
	reg       registry

	mu       sync.Mutex
	sessions map[string]*Session
	closed   bool
}

// NewManager returns a manager of sessions kept in db, whose whatsmeow devices live in container
// (store.NewContainer on the same db). It installs the endpoint's root key process-wide.
func NewManager(db *store.DB, container *store.Container, opts Options) (*Manager, error) {
	if db == nil || container == nil {
		return nil, errors.New("protocol: NewManager needs a database and a device container")
	}
	opts.defaults()
	if err := opts.Endpoint.install(); err != nil {
		return nil, err
	}
	return &Manager{
		db:        db,
		container: container,
		opts:      opts,
		log:       opts.Log,
		reg:       registry{db},
		sessions:  map[string]*Session{},
	}, nil
}

// Open returns the live session named name, loading it from the store (or creating it unpaired)
// if it is not open yet. It does not connect: call Session.Connect.
func (m *Manager) Open(ctx context.Context, name string) (*Session, error) {
	if err := checkSessionName(name); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, errors.New("protocol: manager is closed")
	}
	if s, ok := m.sessions[name]; ok {
		return s, nil
	}
	s, err := newSession(ctx, m, name)
	if err != nil {
		return nil, err
	}
	m.sessions[name] = s
	return s, nil
}

// Session returns the open session named name.
func (m *Manager) Session(name string) (*Session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[name]
	return s, ok
}

// SessionInfo describes a known session.
type SessionInfo struct {
	Name string
	JID  types.JID // empty if never paired (or logged out)
	Open bool      // opened in this process
}

// List returns every session that is paired in the store or open in this process, by name.
func (m *Manager) List(ctx context.Context) ([]SessionInfo, error) {
	stored, err := m.reg.all(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	open := map[string]bool{}
	for name := range m.sessions {
		open[name] = true
	}
	m.mu.Unlock()
	var out []SessionInfo
	for name, jid := range stored {
		out = append(out, SessionInfo{Name: name, JID: jid, Open: open[name]})
	}
	for name := range open {
		if _, ok := stored[name]; !ok {
			out = append(out, SessionInfo{Name: name, Open: true})
		}
	}
	slices.SortFunc(out, func(a, b SessionInfo) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out, nil
}

func (m *Manager) forget(s *Session) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions[s.name] == s {
		delete(m.sessions, s.name)
	}
}

// Close closes every session (disconnecting them) and refuses new ones.
func (m *Manager) Close() {
	m.mu.Lock()
	m.closed = true
	all := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		all = append(all, s)
	}
	m.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range all {
		wg.Go(s.Close)
	}
	wg.Wait()
}
