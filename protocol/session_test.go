package protocol

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/content"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// A session pairs by QR, receives a message through its queue, survives a restart of the
// process without pairing again, and gets a message sent while it was down exactly once.
func TestSessionPairReceiveRestart(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	srv := testkit.NewServer(t)
	dir := t.TempDir()

	e := openEnv(t, srv, dir, nil)
	s, err := e.m.Open(ctx, "bot1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Paired() {
		t.Fatal("a new session is paired")
	}
	pairByQR(t, srv, s, "Bot")
	st := s.Status()
	if st.State != StateOpen || !st.IsNewLogin || st.Me.ID.IsEmpty() {
		t.Fatalf("status after pairing: %+v", st)
	}
	me := st.Me.ID.ToNonAD()

	sub, err := s.Subscribe(ctx, "echo", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alice.SendText(t, me, "hello")
	d, text, kind := nextText(t, sub)
	if text != "hello" || kind != "notify" {
		t.Fatalf("got %q (%s), want hello (notify)", text, kind)
	}
	if err := sub.Done(ctx, d.Seq); err != nil {
		t.Fatal(err)
	}

	// The process stops; Alice writes while it is down.
	e.close()
	down := alice.SendText(t, me, "while you were out")

	e = openEnv(t, srv, dir, nil)
	infos, err := e.m.List(ctx)
	if err != nil || len(infos) != 1 || infos[0].Name != "bot1" || infos[0].JID.ToNonAD() != me || infos[0].Open {
		t.Fatalf("stored sessions after restart: %+v %v", infos, err)
	}
	s, err = e.m.Open(ctx, "bot1")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Paired() {
		t.Fatal("session lost its pairing over a restart")
	}
	sub, err = s.Subscribe(ctx, "echo", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	w := s.Watch()
	defer w.Close()
	waitOpen(t, s)
	waitUpdate(t, w, "receivedPendingNotifications", func(ev events.Event) bool {
		return field(ev.Payload, "receivedPendingNotifications") == true
	})
	if !s.Status().ReceivedPendingNotifications {
		t.Fatal("status misses receivedPendingNotifications")
	}
	d, text, kind = nextText(t, sub)
	if text != "while you were out" || kind != "notify" {
		t.Fatalf("after restart got %q (%s)", text, kind)
	}
	if err := sub.Done(ctx, d.Seq); err != nil {
		t.Fatal(err)
	}
	waitReceipt(t, alice, down.ID)
	alice.SendText(t, me, "marker")
	if _, text, _ = nextText(t, sub); text != "marker" {
		t.Fatalf("after the offline message came %q, not the next one (duplicate?)", text)
	}
}

// The server is acknowledged only after the event is in the queue: when the append fails, the
// message is not acknowledged, and the server delivers it again on the next connection.
func TestSessionAcksOnlyAfterQueueAppend(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	log, failed := newLogWatch("event not queued; the server will deliver it again")
	e := openEnv(t, srv, t.TempDir(), log)
	s, me, sub := pairedBot(t, e, srv)

	// Make appends fail: the session's queue now lives in a database that is closed.
	s.Disconnect()
	broken, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	bq, err := broken.Queue("bot", store.QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = broken.Close()
	good := s.eventQueue()
	s.setQueue(bq)
	waitOpen(t, s)

	alice := testkit.NewClient(t, srv)
	sent := alice.SendText(t, me, "keep me")
	select {
	case <-failed:
	case <-time.After(testkit.Timeout):
		t.Fatal("the session never tried to queue the message")
	}
	s.Disconnect()
	s.setQueue(good)
	waitOpen(t, s)

	d, text, _ := nextText(t, sub)
	if text != "keep me" {
		t.Fatalf("redelivered %q", text)
	}
	if err := sub.Done(ctx, d.Seq); err != nil {
		t.Fatal(err)
	}
	waitReceipt(t, alice, sent.ID)
}

// Sending goes through the session's typed API: the recipient gets it, the session queues its own
// 'append' echo, and the message store answers getMessage.
func TestSessionSendRecordsAppend(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}

	// Not connected yet: 428, as Baileys rejects calls on a closed socket.
	alice := testkit.NewClient(t, srv)
	msg := &waE2E.Message{Conversation: proto.String("pong")}
	if _, err := s.SendMessage(ctx, alice.UserJID(), msg, whatsmeow.SendRequestExtra{}); errs.StatusOf(err) != errs.ConnectionClosed {
		t.Fatalf("send before connect: %v (status %d)", err, errs.StatusOf(err))
	}

	pairByQR(t, srv, s, "Bot")
	sub, err := s.Subscribe(ctx, "bot", store.JoinLatest)
	if err != nil {
		t.Fatal(err)
	}
	// Alice online: her delivery receipt is then "delivered", which Baileys reports as status 3.
	if err := alice.WA.SendPresence(ctx, types.PresenceAvailable); err != nil {
		t.Fatal(err)
	}
	sent, err := s.SendMessage(ctx, alice.UserJID(), msg, whatsmeow.SendRequestExtra{})
	if err != nil {
		t.Fatal(err)
	}
	alice.WaitMessage(t, testkit.Text("pong"))
	d, text, kind := nextText(t, sub)
	if text != "pong" || kind != "append" {
		t.Fatalf("own send queued as %q (%s)", text, kind)
	}
	if err := sub.Done(ctx, d.Seq); err != nil {
		t.Fatal(err)
	}
	// Her receipt comes through the queue too (and is then surely sent before the test ends).
	update := nextEvent(t, sub, "messages.update")
	if got := jsval.Stringify(update.Payload); !strings.Contains(got, `"id":"`+sent.ID+`"`) || !strings.Contains(got, `"status":3`) {
		t.Fatalf("receipt update %s", got)
	}
	// A send that fails is still echoed, then marked failed (status ERROR), and the error returned.
	bad := types.NewJID("123", "example.com")
	if _, err := s.SendMessage(ctx, bad, msg, whatsmeow.SendRequestExtra{ID: "FAILED1"}); errs.StatusOf(err) != 400 {
		t.Fatalf("send to an unknown server: %v (status %d)", err, errs.StatusOf(err))
	}
	if _, text, kind := nextText(t, sub); text != "pong" || kind != "append" {
		t.Fatalf("failed send echoed as %q (%s)", text, kind)
	}
	failed := nextEvent(t, sub, "messages.update")
	if got := jsval.Stringify(failed.Payload); !strings.Contains(got, `"id":"FAILED1"`) || !strings.Contains(got, `"status":0`) {
		t.Fatalf("failure update %s", got)
	}
	got, err := s.GetMessage(ctx, alice.UserJID().String(), string(sent.ID))
	if err != nil || got.GetConversation() != "pong" {
		t.Fatalf("getMessage: %v %v", got, err)
	}
	if _, err := s.GetMessage(ctx, alice.UserJID().String(), "nope"); errs.StatusOf(err) != 404 {
		t.Fatalf("getMessage of an unknown id: %v", err)
	}

	// A deadline that has passed gives 408.
	past, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	if _, err := s.IsOnWhatsApp(past, []string{"+15550000000"}); errs.StatusOf(err) != errs.TimedOut {
		t.Fatalf("call past its deadline: %v (status %d)", err, errs.StatusOf(err))
	}
}

// A session whose keepalives go unanswered is reconnected by the session itself.
func TestSessionReconnectsDeafSocket(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s := openPaired(t, e, srv)
	dev := s.Status().Me.ID
	before := srv.Server.Stats(dev).Connects

	w := s.Watch()
	defer w.Close()
	waitUpdate(t, w, "replayed open", isConnection("open"))
	// whatsmeow reports missed keepalives with this event; the deaf threshold is 2.
	s.onEvent(s.client(), &wmevents.KeepAliveTimeout{ErrorCount: 2, LastSuccess: time.Now().Add(-time.Minute)})
	ev := waitUpdate(t, w, "close", isConnection("close"))
	if code := errs.StatusOf(field(ev.Payload, "lastDisconnect", "error").(error)); code != errs.ConnectionLost {
		t.Fatalf("deaf close has status %d", code)
	}
	waitUpdate(t, w, "reopen", isConnection("open"))
	if after := srv.Server.Stats(dev).Connects; after != before+1 {
		t.Fatalf("connects %d -> %d, want one reconnect", before, after)
	}
}

// Bad input to the manager is refused with an error, never a panic.
func TestManagerRejectsBadInput(t *testing.T) {
	srv := testkit.NewServer(t)
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := NewManager(nil, nil, Options{}); err == nil {
		t.Fatal("nil store accepted")
	}
	if _, err := NewManager(db, store.NewContainer(db, nil), Options{Endpoint: Endpoint{SimAddr: srv.Addr()}}); err == nil {
		t.Fatal("simulator endpoint without root key accepted")
	}
	// whatsmeow trusts one root key per process: the simulator's is installed, so another
	// simulator's or WhatsApp's must be refused rather than silently break the running sessions.
	if _, err := NewManager(db, store.NewContainer(db, nil), Options{Endpoint: Endpoint{SimAddr: srv.Addr(), RootKey: [32]byte{2}}}); err == nil {
		t.Fatal("a second root key in one process accepted")
	}
	if _, err := NewManager(db, store.NewContainer(db, nil), Options{}); err == nil {
		t.Fatal("real WhatsApp endpoint accepted while a simulator key is installed")
	}
	m, err := NewManager(db, store.NewContainer(db, nil), Options{Endpoint: Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, name := range []string{"", "a/b", " x", string(make([]byte, MaxSessionNameBytes+1))} {
		if _, err := m.Open(context.Background(), name); err == nil {
			t.Errorf("session name %q accepted", name)
		}
	}
	s, err := m.Open(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := m.Open(context.Background(), "x"); again != s {
		t.Fatal("a second Open of a name gave another session")
	}
	if _, err := s.PairPhone(context.Background(), "15550001111"); errs.StatusOf(err) != errs.ConnectionClosed {
		t.Fatalf("pairing code while disconnected: %v", err)
	}
	if err := s.Logout(context.Background()); errs.StatusOf(err) != errs.LoggedOut {
		t.Fatalf("logout of an unpaired session: %v", err)
	}
}

// waitReceipt waits for the session's receipt of a message, of any type: without presence
// 'available' it is "inactive", as Baileys sends it.
func waitReceipt(t *testing.T, c *testkit.Client, id types.MessageID) {
	t.Helper()
	testkit.WaitFor(t, c, func(r *wmevents.Receipt) bool { return slices.Contains(r.MessageIDs, id) })
}

// Group calls go through the session to the simulator and back.
func TestSessionGroupCalls(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s := openPaired(t, e, srv)
	alice := testkit.NewClient(t, srv)
	info, err := s.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: "Club", Participants: []types.JID{alice.UserJID()}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupName(ctx, info.JID, "Club 2"); err != nil {
		t.Fatal(err)
	}
	got, err := s.GroupInfo(ctx, info.JID)
	if err != nil || got.Name != "Club 2" || len(got.Participants) != 2 {
		t.Fatalf("group info: %+v %v", got, err)
	}
	joined, err := s.JoinedGroups(ctx)
	if err != nil || len(joined) != 1 || joined[0].JID != info.JID {
		t.Fatalf("joined groups: %v %v", joined, err)
	}
	unknown := types.NewJID("123456789", types.GroupServer)
	if _, err := s.GroupInfo(ctx, unknown); errs.StatusOf(err) < 400 || errs.StatusOf(err) == errs.ConnectionClosed {
		t.Fatalf("info of an unknown group: %v (status %d)", err, errs.StatusOf(err))
	}
}

// The session is the uploader content building uses for media.
var _ content.Uploader = (*Session)(nil)

func (s *Session) setQueue(q *store.Queue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = q
}
