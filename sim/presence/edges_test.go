package presence_test

import (
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestPresenceAddressingAndUnsubscribe: answers come in the addressing the client used (LID in, LID
// out), unknown numbers get no answer, unsubscribing stops updates, and malformed stanzas change nothing.
func TestPresenceAddressingAndUnsubscribe(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	cat := testkit.NewClient(t, srv, testkit.Name("Cat"))
	annLID := ann.Device.LID.ToNonAD()
	send := func(n waBinary.Node) {
		t.Helper()
		if err := bob.WA.DangerousInternals().SendNode(testkit.Context(t), n); err != nil {
			t.Fatal(err)
		}
	}
	nextPresence := func() *events.Presence { return testkit.WaitFor[*events.Presence](t, bob, nil) }

	// Malformed stanzas and a subscription to an unknown number come first; the server answers none of
	// them, so the first presence Bob sees is the one for Ann's LID.
	send(waBinary.Node{Tag: "presence", Attrs: waBinary.Attrs{"type": "bogus"}})
	send(waBinary.Node{Tag: "presence", Attrs: waBinary.Attrs{"type": "subscribe"}})
	send(waBinary.Node{Tag: "chatstate", Attrs: waBinary.Attrs{"to": ann.UserJID()}})
	send(waBinary.Node{Tag: "chatstate", Attrs: waBinary.Attrs{"to": ann.UserJID()}, Content: []waBinary.Node{{Tag: "dancing"}}})
	if err := bob.WA.SubscribePresence(testkit.Context(t), types.NewJID("19990000000", types.DefaultUserServer)); err != nil {
		t.Fatal(err)
	}
	if err := bob.WA.SubscribePresence(testkit.Context(t), annLID); err != nil {
		t.Fatal(err)
	}
	if p := nextPresence(); p.From != annLID || !p.Unavailable {
		t.Fatalf("first presence %+v, want Ann's LID unavailable", p)
	}
	if _, err := ann.WA.GetUserInfo(testkit.Context(t), []types.JID{bob.UserJID()}); err != nil {
		t.Fatal(err) // a round trip: Ann's connection survived Bob's junk aimed at her
	}

	// Typing towards Bob's LID arrives from Ann's LID.
	if err := ann.WA.SendChatPresence(testkit.Context(t), bob.Device.LID.ToNonAD(), types.ChatPresenceComposing, ""); err != nil {
		t.Fatal(err)
	}
	if cp := testkit.WaitFor[*events.ChatPresence](t, bob, nil); cp.Sender != annLID {
		t.Fatalf("chat presence from %s, want %s", cp.Sender, annLID)
	}

	// Unsubscribed, Bob no longer hears about Ann: the next presence he gets is Cat's.
	send(waBinary.Node{Tag: "presence", Attrs: waBinary.Attrs{"type": "unsubscribe", "to": annLID}})
	if err := bob.WA.SendPresence(testkit.Context(t), types.PresenceAvailable); err != nil {
		t.Fatal(err) // ordered after the unsubscribe on Bob's connection
	}
	waitUntil(t, func() bool { return srv.Presence.Available(bob.UserJID().User) })
	if err := ann.WA.SendPresence(testkit.Context(t), types.PresenceAvailable); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return srv.Presence.Available(ann.UserJID().User) })
	if err := bob.WA.SubscribePresence(testkit.Context(t), cat.UserJID()); err != nil {
		t.Fatal(err)
	}
	if p := nextPresence(); p.From != cat.UserJID() {
		t.Fatalf("after unsubscribing got %+v, want Cat's state", p)
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(testkit.Timeout); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
