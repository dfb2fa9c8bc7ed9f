package protocol

import (
	"context"
	"testing"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/sim/testkit"
)

// ConnectAndWait resolves at once on an open session, reconnects a disconnected one and returns
// once it is open, and refuses a logged-out session with 401.
func TestConnectAndWait(t *testing.T) {
	leaktest.Check(t)
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, _, _ := pairedBot(t, e, srv)
	ctx := ctxTimeout(t)
	connects := srv.Server.Stats(s.Status().Me.ID).Connects
	if err := s.ConnectAndWait(ctx); err != nil {
		t.Fatalf("open session: %v", err)
	}
	s.Disconnect()
	if err := s.ConnectAndWait(ctx); err != nil || s.Status().State != StateOpen {
		t.Fatalf("after Disconnect: %v, %s", err, s.Status().State)
	}
	if n := srv.Server.Stats(s.Status().Me.ID).Connects; n != connects+1 {
		t.Fatalf("connects %d, want %d", n, connects+1)
	}
	if err := s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.ConnectAndWait(ctx); errs.StatusOf(err) != errs.LoggedOut {
		t.Fatalf("after Logout: %v", err)
	}
	if s.running() {
		t.Fatal("a logged-out session started pairing again")
	}
}
