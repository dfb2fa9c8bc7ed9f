// Package testkit runs the simulator and unmodified whatsmeow clients inside Go tests:
//
//	srv := testkit.NewServer(t)                 // loopback listener, temp data dir, closed at cleanup
//	alice := testkit.NewClient(t, srv)          // a new account, paired by QR and connected
//	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))  // a second device of it
//	bob := testkit.NewClient(t, srv)
//	alice.SendText(t, bob.UserJID(), "hi")
//	msg := bob.WaitMessage(t, testkit.Text("hi"))
//
// Every client's whatsmeow store lives in one badger database per test server (package store), so
// clients and the server can both be restarted (Client.Restart, Server.Restart) and keep their state.
// Waiters take events in arrival order and fail the test after Timeout.
package testkit

import (
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/botrt/botrt/sim"
	"github.com/botrt/botrt/sim/wire"
	"github.com/botrt/botrt/store"
)

// Timeout bounds every wait of the testkit. Generous because tests run with -race on 2 cores.
var Timeout = 20 * time.Second

// LogEnv turns on simulator and client logs on stderr when set to 1.
const LogEnv = "BOTRT_SIM_LOG"

var (
	rootOnce sync.Once
	rootKey  [32]byte
)

// sharedRootKey is the one root key of the test process: whatsmeow.WACertPubKey is a process global, so
// every simulator of the process presents the same root.
func sharedRootKey() *[32]byte {
	rootOnce.Do(func() {
		rootKey = wire.NewRootKey()
		id, err := wire.NewIdentity(rootKey)
		if err != nil {
			panic(err) // only fails if key generation itself is broken
		}
		whatsmeow.WACertPubKey = id.RootPublic()
	})
	return &rootKey
}

// Server is a simulator serving on 127.0.0.1 for one test.
type Server struct {
	*sim.Simulator
	dir       string
	phoneSync bool

	mu   sync.Mutex
	addr string

	clientDB  *store.DB
	container *store.Container
	closed    bool
}

// ServerOption configures NewServer.
type ServerOption func(*Server)

// PhoneSync has the virtual phones do what a real phone does for each new companion, as `botrt sim`
// does: share the app-state key and send the initial history sync. By default the testkit leaves both to
// the test (sim.Options.ManualKeyShare), because a whatsmeow client that gets the key starts syncing app
// state at once; Baileys 7 instead holds back its events for 20 s after pairing until history arrives.
func PhoneSync() ServerOption { return func(s *Server) { s.phoneSync = true } }

// NewServer starts a simulator with a fresh data directory; it is closed when the test ends.
func NewServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	s := &Server{dir: t.TempDir()}
	for _, o := range opts {
		o(s)
	}
	s.start(t, "127.0.0.1:0")
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true, Logger: logger()})
	if err != nil {
		t.Fatalf("testkit: client store: %v", err)
	}
	s.clientDB = db
	s.container = store.NewContainer(db, clientLog("store"))
	t.Cleanup(func() {
		s.Close(t)
		if err := db.Close(); err != nil {
			t.Errorf("testkit: close client store: %v", err)
		}
	})
	return s
}

// Close stops the simulator (clients see stream error 503); the clients' store stays open until the
// test ends. Closing twice is harmless.
func (s *Server) Close(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if err := s.Simulator.Close(); err != nil {
		t.Errorf("testkit: close simulator: %v", err)
	}
}

func (s *Server) start(t testing.TB, addr string) {
	t.Helper()
	simulator, err := sim.Open(sim.Options{Dir: s.dir, RootKey: sharedRootKey(), Logger: logger(), NoSync: true, ManualKeyShare: !s.phoneSync})
	if err != nil {
		t.Fatalf("testkit: open simulator: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		// The old port may be taken by now; clients follow the server wherever it listens.
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			_ = simulator.Close()
			t.Fatalf("testkit: listen: %v", err)
		}
	}
	simulator.Serve(ln)
	s.mu.Lock()
	s.Simulator, s.addr, s.closed = simulator, ln.Addr().String(), false
	s.mu.Unlock()
}

// Addr is where the simulator listens now (host:port).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// URL is the simulator's base HTTP URL (admin API under /api/).
func (s *Server) URL() string { return "http://" + s.Addr() }

// Restart closes the simulator (clients see stream error 503 and start reconnecting) and starts it
// again on the same data directory and, if still free, the same port.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	addr := s.Addr()
	s.Close(t)
	s.start(t, addr)
}

func logger() *slog.Logger {
	if os.Getenv(LogEnv) == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func clientLog(module string) waLog.Logger {
	if os.Getenv(LogEnv) == "1" {
		return waLog.Stdout(module, "DEBUG", false)
	}
	return waLog.Noop
}

// NewStoreDevice returns a fresh, unpaired whatsmeow device in the server's client store (for raw
// connections and custom clients).
func (s *Server) NewStoreDevice() *wastore.Device { return s.container.NewDevice() }
