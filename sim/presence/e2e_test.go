package presence_test

import (
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

func waitPresence(t *testing.T, c *testkit.Client, from types.JID, unavailable bool) *events.Presence {
	t.Helper()
	return testkit.WaitFor(t, c, func(e *events.Presence) bool { return e.From == from && e.Unavailable == unavailable })
}

// TestPresenceAndChatState drives presence through unmodified whatsmeow clients: the current state on
// subscribe, available and unavailable with last seen as the watched account changes, the account staying
// available while any of its devices is, push names taken from presence, and chat states to the peer.
func TestPresenceAndChatState(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	ann2 := testkit.NewClient(t, srv, testkit.SameAccount(ann))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	annJID := ann.UserJID()

	// Nobody said available yet: subscribing yields "unavailable" without a last-seen time.
	if err := bob.WA.SubscribePresence(testkit.Context(t), annJID); err != nil {
		t.Fatal(err)
	}
	if p := waitPresence(t, bob, annJID, true); !p.LastSeen.IsZero() {
		t.Fatalf("never-seen account has last seen %v", p.LastSeen)
	}

	ann.Device.PushName = "Ann Online"
	if err := ann.WA.SendPresence(testkit.Context(t), types.PresenceAvailable); err != nil {
		t.Fatal(err)
	}
	waitPresence(t, bob, annJID, false)
	if acct, err := srv.Server.Accounts().Account(annJID.User); err != nil || acct.Name != "Ann Online" {
		t.Fatalf("push name from presence: %v %+v", err, acct)
	}

	// A second device coming and going does not flip the account's state; the last one leaving does.
	if err := ann2.WA.SendPresence(testkit.Context(t), types.PresenceAvailable); err != nil {
		t.Fatal(err)
	}
	testkit.WaitAcked(t, srv, ann2)
	ann2.Disconnect()
	waitUntil(t, func() bool { return !srv.Server.Connected(ann2.JID()) })
	if !srv.Presence.Available(annJID.User) {
		t.Fatal("account went unavailable with a device still available")
	}
	if err := ann.WA.SendPresence(testkit.Context(t), types.PresenceUnavailable); err != nil {
		t.Fatal(err)
	}
	p := waitPresence(t, bob, annJID, true)
	if p.LastSeen.IsZero() {
		t.Fatal("no last seen after going unavailable")
	}

	// Chat states reach the peer as Ann's (composing, voice recording, paused).
	for _, st := range []struct {
		state types.ChatPresence
		media types.ChatPresenceMedia
	}{{types.ChatPresenceComposing, ""}, {types.ChatPresenceComposing, types.ChatPresenceMediaAudio}, {types.ChatPresencePaused, ""}} {
		if err := ann.WA.SendChatPresence(testkit.Context(t), bob.UserJID(), st.state, st.media); err != nil {
			t.Fatal(err)
		}
		cp := testkit.WaitFor[*events.ChatPresence](t, bob, nil)
		if cp.Chat != annJID || cp.Sender != annJID || cp.State != st.state || cp.Media != st.media || cp.IsGroup {
			t.Fatalf("chat presence %+v, want %s/%s from %s", cp, st.state, st.media, annJID)
		}
	}

	// Last seen is persisted: a restarted server still reports it to a new subscription.
	testkit.WaitAcked(t, srv, ann, bob)
	srv.Restart(t)
	testkit.WaitFor[*events.Connected](t, bob, nil)
	if err := bob.WA.SubscribePresence(testkit.Context(t), annJID); err != nil {
		t.Fatal(err)
	}
	if after := waitPresence(t, bob, annJID, true); !after.LastSeen.Equal(p.LastSeen) {
		t.Fatalf("last seen after restart %v, before %v", after.LastSeen, p.LastSeen)
	}
}
