package protocol

import (
	"context"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/sim/testkit"
)

// Pairing by code (Baileys' requestPairingCode), then logging out: the device is forgotten and the
// next connect starts a new pairing.
func TestSessionPairingCodeThenLogout(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(ctx, "coded")
	if err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, w, "a QR code", hasQR)
	const phone = "15550001234"
	code, err := s.PairPhone(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 9 || s.Status().PairingCode != code {
		t.Fatalf("pairing code %q, status has %q", code, s.Status().PairingCode)
	}
	if _, err := srv.Pairer.EnterCode(ctx, phone, code); err != nil {
		t.Fatal(err)
	}
	creds := waitUpdate(t, w, "creds.update", func(ev events.Event) bool { return ev.Name == "creds.update" })
	if id, _ := field(creds.Payload, "me", "id").(string); id == "" {
		t.Fatalf("creds.update without me.id: %v", creds.Payload)
	}
	waitUpdate(t, w, "open", isConnection("open"))
	if got := s.Status().Me.ID.User; got != phone {
		t.Fatalf("paired as %s", s.Status().Me.ID)
	}
	if _, err := s.PairPhone(ctx, phone); errs.StatusOf(err) != 400 {
		t.Fatalf("pairing code for a paired session: %v", err)
	}

	if err := s.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	ev := waitUpdate(t, w, "close", isConnection("close"))
	if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.LoggedOut {
		t.Fatalf("logout closed with %d", code)
	}
	if s.Paired() || !s.Status().Me.ID.IsEmpty() {
		t.Fatal("still paired after logout")
	}
	infos, err := e.m.List(ctx)
	if err != nil || len(infos) != 1 || !infos[0].JID.IsEmpty() {
		t.Fatalf("sessions after logout: %+v %v", infos, err)
	}
	// The next connect pairs a fresh device.
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, w, "a new QR code", hasQR)
	s.Disconnect()
}

// QR codes rotate as in Baileys; when nobody scans, the session closes with 408 and stays closed.
func TestSessionQRCodesRotateThenClose(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil, func(o *Options) {
		o.QRFirst, o.QRNext = 300*time.Millisecond, 100*time.Millisecond
	})
	s, err := e.m.Open(ctx, "nobody-scans")
	if err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	ev := waitUpdate(t, w, "close", func(ev events.Event) bool {
		if qr, ok := field(ev.Payload, "qr").(string); ok {
			if seen[qr] {
				t.Errorf("QR code %q shown twice", qr)
			}
			seen[qr] = true
		}
		return isConnection("close")(ev)
	})
	if len(seen) < 2 {
		t.Fatalf("%d QR codes shown, want a rotation", len(seen))
	}
	err = field(ev.Payload, "lastDisconnect", "error").(error)
	if errs.StatusOf(err) != errs.TimedOut || err.Error() != "QR refs attempts ended" {
		t.Fatalf("closed with %v", err)
	}
	s.mu.Lock()
	r := s.run
	s.mu.Unlock()
	select {
	case <-r.done:
	case <-time.After(testkit.Timeout):
		t.Fatal("the session kept reconnecting after the QR codes ran out")
	}
	if st := s.Status(); st.State != StateClosed || st.QR != "" {
		t.Fatalf("status %+v", st)
	}
}
