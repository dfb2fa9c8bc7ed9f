// Package baileystest runs Baileys-style scripts in-process for tests: a badger store and a session
// manager pointed at a simulator, and a runtime host with the Node built-ins and the Baileys module.
package baileystest

import (
	"context"
	"log/slog"
	"maps"
	"os"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// Options shape Start's host.
type Options struct {
	// Watch turns hot reload on.
	Watch bool
	// Tweaks adjust the Baileys module's configuration.
	Tweaks []func(*baileys.Config)
}

// Bots is a running host of scripts and the session manager they use.
type Bots struct {
	Manager *protocol.Manager
	Env     *runtimetest.Env
}

// Start runs files (path relative to the scripts folder → source) against srv until the test ends.
func Start(t testing.TB, srv *testkit.Server, files map[string]string, opts Options) *Bots {
	t.Helper()
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
	// Cleanups run last-in first-out: the host stops (registered by runtimetest.Start below) before
	// the sessions and the store close.
	t.Cleanup(func() {
		settleSessions(t, srv, m)
		m.Close()
		_ = db.Close()
	})
	set := jsapi.Builtins(jsapi.Config{})
	mods := maps.Clone(set.Modules)
	cfg := baileys.Config{Manager: m, HandlerBudget: 10 * time.Second}
	for _, tweak := range opts.Tweaks {
		tweak(&cfg)
	}
	maps.Copy(mods, baileys.Modules(cfg))
	env := runtimetest.Start(t, runtimetest.Options{Files: files, Modules: mods, Globals: set.Globals,
		Configure: func(o *runtime.Options) { o.NoWatch = !opts.Watch }})
	return &Bots{Manager: m, Env: env}
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
