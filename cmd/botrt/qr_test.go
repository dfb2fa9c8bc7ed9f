package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// unpairedSession is a session of a manager on a simulator, connected and
// showing QR codes.
func unpairedSession(t *testing.T) (*protocol.Manager, *protocol.Session) {
	t.Helper()
	srv := testkit.NewServer(t)
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := protocol.NewManager(db, store.NewContainer(db, nil), protocol.Options{
		Endpoint: protocol.Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()},
		Log:      newConsole(&botrttest.Buffer{}, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); _ = db.Close() })
	s, err := m.Open(context.Background(), "auth_qr")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// watchQR runs m.WatchQR with fn until the test ends, and checks it returns
// once its context is cancelled.
func watchQR(t *testing.T, m *protocol.Manager, fn func(context.Context, *protocol.Session, string)) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { m.WatchQR(ctx, 10*time.Millisecond, fn) })
	t.Cleanup(func() {
		cancel()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("WatchQR did not return after its context ended")
		}
	})
}

func TestRunPrintsQR(t *testing.T) {
	m, s := unpairedSession(t)
	out := &botrttest.Buffer{}
	watchQR(t, m, printQR(out))
	eventually(t, func() bool { return strings.Contains(out.String(), `session "auth_qr": scan`) }, "the QR code printed")
	// The drawing is half-block art; its first line is the quiet zone, so a
	// code of at least 21 modules makes many more lines than that.
	if lines := strings.Count(out.String(), "\n"); lines < 12 || !strings.ContainsAny(out.String(), "▀▄█") {
		t.Fatalf("not a QR drawing (%d lines):\n%s", lines, out.String())
	}
	qr := s.Status().QR
	if qr == "" {
		t.Fatal("the session shows no QR code")
	}
}

func TestRunPairingCode(t *testing.T) {
	m, _ := unpairedSession(t)
	out := &botrttest.Buffer{}
	watchQR(t, m, pairByCode("15557654321", out))
	eventually(t, func() bool { return strings.Contains(out.String(), `session "auth_qr": `) }, "a pairing code or its failure")
	if !strings.Contains(out.String(), "enter the code ") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("want exactly one pairing code line, got:\n%s", out.String())
	}
}
