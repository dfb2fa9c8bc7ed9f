package baileys_test

import (
	"context"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/jsapi/baileys/baileystest"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
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
	b := baileystest.Start(t, srv, files, baileystest.Options{Watch: watch, Tweaks: tweaks})
	return &world{srv: srv, m: b.Manager, env: b.Env}
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
