package protocol

import (
	"context"
	"testing"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// When the server goes away and comes back, the session reconnects by itself and keeps receiving.
func TestSessionReconnectsAfterServerRestart(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
	me := s.Status().Me.ID.ToNonAD()
	sub, err := s.Subscribe(ctx, "bot", store.JoinLatest)
	if err != nil {
		t.Fatal(err)
	}
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
	s, err := e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
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
