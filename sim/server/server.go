package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/offline"
	"github.com/botrt/botrt/sim/wire"
)

// Options configures New.
type Options struct {
	// DB holds all server state; the caller opens and closes it.
	DB *badger.DB
	// RootKey is the private key clients trust. Nil uses the one stored in DB, creating it on first use.
	// Tests that run several servers in one process pass the same key to all of them, because whatsmeow
	// keeps the trusted key in a process-wide variable.
	RootKey *[32]byte
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// HandshakeTimeout bounds the Noise handshake of a new connection (default 20 s).
	HandshakeTimeout time.Duration
}

// Server is the simulator's connection and routing core. Create it with New, register feature handlers,
// serve Handler() on a listener, and Close it when done.
type Server struct {
	db        *badger.DB
	log       *slog.Logger
	accounts  *accounts.Registry
	queue     *offline.Queue
	identity  *wire.Identity
	mux       *http.ServeMux
	hsTimeout time.Duration

	// ctx is cancelled by Close; every connection goroutine derives from it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	hmu         sync.RWMutex // guards the handler tables and hooks below
	iqs         map[string]IQHandler
	unpairedIQs map[string]IQHandler
	stanzas     map[string]StanzaHandler
	onRegister  func(*Session)
	onLogin     []func(*Session)
	onActive    []func(*Session)
	onClose     []func(*Session)
	onDevices   []func(ctx context.Context, change DeviceChange)
	phoneSink   func(ctx context.Context, phone types.JID, node *waBinary.Node)
	withheld    map[string]int // iq namespaces left unanswered, by how many WithholdIQ calls hold them

	smu      sync.Mutex
	sessions map[types.JID]*Session // logged-in sessions by AD JID (phone-number form)
	all      map[*Session]struct{}  // every open session, paired or not
	stats    map[types.JID]*ConnStats
	closed   bool

	devLocks sync.Map // types.JID -> *sync.Mutex, serialises queueing against flushing per device
}

// ConnStats counts a device's logins; it lives as long as the server process.
type ConnStats struct {
	Connects       int
	ConnectedSince time.Time
}

// New creates a server over opts.DB.
func New(opts Options) (*Server, error) {
	if opts.DB == nil {
		return nil, errors.New("server: Options.DB is required")
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	rootKey, err := loadRootKey(opts.DB, opts.RootKey)
	if err != nil {
		return nil, err
	}
	identity, err := wire.NewIdentity(rootKey)
	if err != nil {
		return nil, fmt.Errorf("server: identity: %w", err)
	}
	queue, err := offline.Open(opts.DB)
	if err != nil {
		return nil, err
	}
	hs := opts.HandshakeTimeout
	if hs <= 0 {
		hs = 20 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		db: opts.DB, log: log, accounts: accounts.New(opts.DB), queue: queue, identity: identity,
		mux: http.NewServeMux(), hsTimeout: hs, ctx: ctx, cancel: cancel,
		iqs: map[string]IQHandler{}, unpairedIQs: map[string]IQHandler{}, stanzas: map[string]StanzaHandler{},
		sessions: map[types.JID]*Session{}, all: map[*Session]struct{}{}, stats: map[types.JID]*ConnStats{},
	}
	s.mux.HandleFunc("/ws/chat", s.serveWS)
	s.registerCore()
	return s, nil
}

// Handler serves the WebSocket endpoint and every route added with HandleHTTP.
func (s *Server) Handler() http.Handler { return s.mux }

// HandleHTTP adds a route (a net/http ServeMux pattern) to the shared listener.
func (s *Server) HandleHTTP(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// RootPublic is the public key clients must trust (whatsmeow.WACertPubKey).
func (s *Server) RootPublic() [32]byte { return s.identity.RootPublic() }

// Accounts is the account and device registry.
func (s *Server) Accounts() *accounts.Registry { return s.accounts }

// DB is the database feature packages persist their state in (each under its own key prefix).
func (s *Server) DB() *badger.DB { return s.db }

// Logger is the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// Context is cancelled when the server closes; background work of feature packages should derive from it.
func (s *Server) Context() context.Context { return s.ctx }

// Close disconnects every client (with stream error 503 so whatsmeow reconnects later), waits for all
// connection goroutines to end and releases the offline queue. It does not close the database.
func (s *Server) Close() error {
	s.smu.Lock()
	if s.closed {
		s.smu.Unlock()
		return nil
	}
	s.closed = true
	open := make([]*Session, 0, len(s.all))
	for sess := range s.all {
		open = append(open, sess)
	}
	s.smu.Unlock()
	for _, sess := range open {
		sess.closeWith(&waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "503"}})
	}
	// Give clients a moment to read the stream error, then cut whatever is left.
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		s.cancel()
		<-done
	}
	s.cancel()
	return s.queue.Close()
}

// Stats returns the login counters of a device (zero values if it never connected).
func (s *Server) Stats(dev types.JID) ConnStats {
	s.smu.Lock()
	defer s.smu.Unlock()
	if st := s.stats[normDevice(dev)]; st != nil {
		return *st
	}
	return ConnStats{}
}
