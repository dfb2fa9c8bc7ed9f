package baileys_test

import (
	"context"
	"log/slog"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// world is a simulator, a botrt store and session manager pointed at it, and
// a runtime host running the test's scripts with the Baileys module.
type world struct {
	srv *testkit.Server
	m   *protocol.Manager
	env *runtimetest.Env
}

func newWorld(t testing.TB, files map[string]string) *world {
	t.Helper()
	return startWorld(t, files, false)
}

// startWorld is newWorld with hot reload on or off.
func startWorld(t testing.TB, files map[string]string, watch bool, tweaks ...func(*baileys.Config)) *world {
	t.Helper()
	srv := testkit.NewServer(t)
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if os.Getenv(testkit.LogEnv) == "1" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	m, err := protocol.NewManager(db, store.NewContainer(db, nil), protocol.Options{
		Endpoint: protocol.Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()},
		Log:      log,
		Backoff:  protocol.Backoff{Min: 50 * time.Millisecond, Max: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-in first-out: the host stops (registered by Start
	// below) before the sessions and the store close.
	t.Cleanup(func() {
		settleSessions(t, srv, m)
		m.Close()
		_ = db.Close()
	})
	set := jsapi.Builtins(jsapi.Config{})
	mods := maps.Clone(set.Modules)
	cfg := baileys.Config{Manager: m, HandlerBudget: 10 * time.Second}
	for _, tweak := range tweaks {
		tweak(&cfg)
	}
	maps.Copy(mods, baileys.Modules(cfg))
	env := runtimetest.Start(t, runtimetest.Options{Files: files, Modules: mods, Globals: set.Globals,
		Configure: func(o *runtime.Options) { o.NoWatch = !watch }})
	return &world{srv: srv, m: m, env: env}
}

// settleSessions waits until the simulator holds nothing unacknowledged for the sessions' devices, so
// closing them does not race whatsmeow's receipt writer (a race inside whatsmeow that -race reports).
func settleSessions(t testing.TB, srv *testkit.Server, m *protocol.Manager) {
	t.Helper()
	infos, err := m.List(context.Background())
	if err != nil {
		t.Errorf("list sessions: %v", err)
		return
	}
	var devices []types.JID
	for _, info := range infos {
		if s, ok := m.Session(info.Name); ok && s.Status().State == protocol.StateOpen && !info.JID.IsEmpty() {
			devices = append(devices, info.JID)
		}
	}
	testkit.WaitDevicesAcked(t, srv, devices...)
}

// session waits until the script opened the named session.
func (w *world) session(t testing.TB, name string) *protocol.Session {
	t.Helper()
	var s *protocol.Session
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var ok bool
		s, ok = w.m.Session(name)
		return ok
	}, "session %s opened by the script", name)
	return s
}

// link plays the phone scanning the QR code the session shows.
func (w *world) link(t testing.TB, s *protocol.Session, pushName string) {
	t.Helper()
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return s.Status().QR != "" }, "a QR code")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if _, err := w.srv.Pairer.Link(ctx, s.Status().QR, auth.LinkOptions{Name: pushName}); err != nil {
		t.Fatalf("link: %v", err)
	}
}

// waitLog waits for a log line holding every part, with the testkit's timeout.
func (w *world) waitLog(t testing.TB, parts ...string) string {
	t.Helper()
	var line string
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		for _, l := range w.env.Logs.Lines() {
			if containsAll(l, parts) {
				line = l
				return true
			}
		}
		return false
	}, "a log line with %q", parts)
	return line
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// connects is how often the simulator saw the session's device connect.
func (w *world) connects(s *protocol.Session) int {
	return w.srv.Server.Stats(s.Status().Me.ID).Connects
}
