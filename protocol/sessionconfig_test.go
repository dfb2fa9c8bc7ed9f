package protocol

import (
	"context"
	"net"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/sim/testkit"
)

// The browser and syncFullHistory options reach the phone: the simulator lists the paired device
// under the browser's name and notes the full-history request.
func TestSessionConfigBrowserAndFullHistory(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Configure(SessionConfig{Browser: Browser{OS: "Ubuntu", Name: "Chrome", Version: "22.04.4"}, FullHistory: true}); err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
	dev := srv.Device(t, s.Status().Me.ID)
	if dev.Platform != "Chrome (Ubuntu)" || !dev.FullSync {
		t.Fatalf("the simulator lists the device as %+v", dev)
	}
}

// A server that takes the connection and never answers: the attempt closes with 408 after the
// connect timeout, and the session tries again.
func TestSessionConfigConnectTimeout(t *testing.T) {
	leaktest.Check(t)
	srv := testkit.NewServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open and silent until the test ends
		}
	}()
	e := openEnv(t, srv, t.TempDir(), nil, func(o *Options) { o.Endpoint.SimAddr = ln.Addr().String() })
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Configure(SessionConfig{ConnectTimeout: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		ev := waitUpdate(t, w, "close", isConnection("close"))
		if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.TimedOut {
			t.Fatalf("silent server: closed with %d (%v)", code, field(ev.Payload, "lastDisconnect", "error"))
		}
		waitUpdate(t, w, "next attempt", isConnection("connecting"))
	}
	s.Disconnect()
}

// With a keepalive interval, the session pings at that cadence, and a server that stops answering
// is dropped with 408 and reconnected.
func TestSessionConfigKeepAlive(t *testing.T) {
	leaktest.Check(t)
	srv := testkit.NewServer(t)
	pings := srv.WatchPings()
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Configure(SessionConfig{KeepAlive: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
	w := s.Watch()
	defer w.Close()
	waitUpdate(t, w, "replayed open", isConnection("open"))
	// whatsmeow's own pings come every 20–30 s: a handful within the testkit's timeout are ours.
	deadline := time.Now().Add(testkit.Timeout)
	for pings.Count() < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("%d pings at a 100 ms keepalive", pings.Count())
		}
		time.Sleep(20 * time.Millisecond) // polling interval of a condition wait
	}
	pings.Deaf(true)
	ev := waitUpdate(t, w, "close", isConnection("close"))
	pings.Deaf(false)
	if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.ConnectionLost {
		t.Fatalf("deaf server: closed with %d", code)
	}
	waitUpdate(t, w, "reopen", isConnection("open"))
}

// PresenceOnOpen available shows the account online to a subscribed contact and sets Online;
// unavailable does not.
func TestSessionConfigPresenceOnOpen(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, _ := pairedBot(t, e, srv)
	// The simulator's phone syncs no push name, and a presence needs one (whatsmeow and Baileys
	// alike); the bot's is set before the connections the test makes.
	s.client().Store.PushName = "Bot"
	if s.Online() {
		t.Fatal("online without any presence configured")
	}
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if err := bob.WA.SubscribePresence(ctx, me); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, bob, func(p *wmevents.Presence) bool { return p.From == me && p.Unavailable })

	for _, want := range []types.Presence{types.PresenceAvailable, types.PresenceUnavailable} {
		if err := s.Configure(SessionConfig{PresenceOnOpen: want}); err != nil {
			t.Fatal(err)
		}
		w := s.Watch()
		s.Disconnect()
		waitOpen(t, s)
		ev := waitUpdate(t, w, "isOnline", func(ev events.Event) bool { _, ok := field(ev.Payload, "isOnline").(bool); return ok })
		w.Close()
		online := want == types.PresenceAvailable
		if field(ev.Payload, "isOnline") != online || s.Online() != online {
			t.Fatalf("presence %s on open: isOnline %v, Online() %v", want, field(ev.Payload, "isOnline"), s.Online())
		}
		testkit.WaitFor(t, bob, func(p *wmevents.Presence) bool { return p.From == me && p.Unavailable != online })
	}
}

// Counts tallies messages sent and received.
func TestSessionCounts(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, sub := pairedBot(t, e, srv)
	before := s.Counts()
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alice.SendText(t, me, "one")
	nextText(t, sub)
	if _, err := s.SendMessage(context.Background(), alice.UserJID(), &waE2E.Message{Conversation: proto.String("two")}, whatsmeow.SendRequestExtra{}); err != nil {
		t.Fatal(err)
	}
	alice.WaitMessage(t, testkit.Text("two"))
	got := s.Counts()
	if got.Sent-before.Sent != 1 || got.Received-before.Received != 1 {
		t.Fatalf("counts %+v after %+v: want one more sent and received", got, before)
	}
	testkit.WaitAcked(t, srv, alice)
}

// A session's own endpoint must have the root key the process trusts.
func TestSessionConfigEndpointRootKey(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	other := Endpoint{SimAddr: "127.0.0.1:1", RootKey: [32]byte{1}}
	err = s.Configure(SessionConfig{Endpoint: &other})
	if errs.StatusOf(err) != errs.Forbidden {
		t.Fatalf("foreign root key: %v", err)
	}
	same := Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()}
	if err := s.Configure(SessionConfig{Endpoint: &same}); err != nil {
		t.Fatalf("same root key: %v", err)
	}
	if err := s.Configure(SessionConfig{Endpoint: &Endpoint{}}); errs.StatusOf(err) != errs.Forbidden {
		t.Fatalf("WhatsApp from a process that trusts a simulator: %v", err)
	}
}

// A pairing-code request names the companion by the browser config, as Baileys does.
func TestSessionConfigPairClient(t *testing.T) {
	for _, c := range []struct {
		browser Browser
		kind    whatsmeow.PairClientType
		display string
	}{
		{Browser{}, whatsmeow.PairClientChrome, "Chrome (Linux)"},
		{Browser{OS: "Mac OS", Name: "Safari"}, whatsmeow.PairClientType(5), "Safari (Mac OS)"},
		{Browser{OS: "Ubuntu", Name: "Chrome"}, whatsmeow.PairClientType(1), "Chrome (Ubuntu)"},
		{Browser{OS: "Baileys", Name: "Desktop"}, whatsmeow.PairClientType(7), "Desktop (Baileys)"},
		{Browser{OS: "Linux", Name: "MyBot"}, whatsmeow.PairClientType(1), "MyBot (Linux)"},
	} {
		kind, display := SessionConfig{Browser: c.browser}.pairClient()
		if kind != c.kind || display != c.display {
			t.Errorf("%+v: %d %q, want %d %q", c.browser, kind, display, c.kind, c.display)
		}
	}
}
