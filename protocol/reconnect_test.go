package protocol

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// When the server goes away and comes back, the session reconnects by itself and keeps receiving.
func TestSessionReconnectsAfterServerRestart(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, sub := pairedBot(t, e, srv)
	w := s.Watch()
	defer w.Close()
	waitUpdate(t, w, "replayed open", isConnection("open"))

	srv.Restart(t)
	if srv.Addr() != e.m.opts.Endpoint.SimAddr {
		t.Skip("the simulator came back on another port")
	}
	waitUpdate(t, w, "close", isConnection("close"))
	waitUpdate(t, w, "reopen", isConnection("open"))
	alice := testkit.NewClient(t, srv)
	alice.SendText(t, me, "after the restart")
	if _, text, _ := nextText(t, sub); text != "after the restart" {
		t.Fatalf("got %q", text)
	}
}

// Another connection of the same device replaces this one: the session closes with 440 and does
// not fight back by reconnecting.
func TestSessionReplacedStaysClosed(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s := openPaired(t, e, srv)
	w := s.Watch()
	defer w.Close()
	waitUpdate(t, w, "replayed open", isConnection("open"))

	// A second manager on the same store stands for a second process with the same auth.
	m2, err := NewManager(e.db, store.NewContainer(e.db, nil), e.m.opts)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	twin, err := m2.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	waitOpen(t, twin)

	ev := waitUpdate(t, w, "close", isConnection("close"))
	if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.ConnectionReplaced {
		t.Fatalf("replaced session closed with %d", code)
	}
	s.mu.Lock()
	r := s.run
	s.mu.Unlock()
	select {
	case <-r.done:
	case <-ctxTimeout(t).Done():
		t.Fatal("the replaced session kept reconnecting")
	}
	if st := twin.Status(); st.State != StateOpen {
		t.Fatalf("the replacing session is %s", st.State)
	}
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	t.Cleanup(cancel)
	return ctx
}

// With nothing listening, connecting fails and is retried with backoff until Disconnect.
func TestSessionRetriesUnreachableServer(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	srv := testkit.NewServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	_ = ln.Close()
	e := openEnv(t, srv, t.TempDir(), nil, func(o *Options) { o.Endpoint.SimAddr = dead })
	s, err := e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	for range 3 { // three failed attempts in a row, each reported
		ev := waitUpdate(t, w, "close", isConnection("close"))
		if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.ConnectionClosed {
			t.Fatalf("failed connect closed with %d", code)
		}
		waitUpdate(t, w, "next attempt", isConnection("connecting"))
	}
	s.Disconnect()
	if st := s.Status(); st.State != StateClosed {
		t.Fatalf("after Disconnect: %s", st.State)
	}
}

func TestBackoffGrowsToMax(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 20 {
			got := b.delay(attempt)
			if got < want*8/10 || got > want*12/10 {
				t.Fatalf("attempt %d: %v, want %v ±20%%", attempt, got, want)
			}
		}
	}
}
