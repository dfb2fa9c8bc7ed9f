package protocol

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// TestSessionSendWhileReceiving has a session and a contact send each other many messages at
// the same time, so that the session encrypts replies while it decrypts the contact's messages
// with the same Signal session. Every message must arrive, once: a send that wrote back the
// session it had read before a concurrent decryption advanced it would roll that decryption back,
// and the contact's later messages would fail to decrypt ("old counter", Bad MAC).
func TestSessionSendWhileReceiving(t *testing.T) {
	const n = 200
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, sub := pairedBot(t, e, srv)
	alice := testkit.NewClient(t, srv) // decrypts in store transactions and sends through store.SendMessage, as sessions do
	// One message each way first, so both sides have a session and the burst exercises only
	// ordinary (not pre-key) messages.
	alice.SendText(t, me, "hello")
	if _, text, _ := nextText(t, sub); text != "hello" {
		t.Fatalf("first message %q", text)
	}
	if _, err := s.SendMessage(ctx, alice.UserJID(), &waE2E.Message{Conversation: proto.String("hi")}, whatsmeow.SendRequestExtra{}); err != nil {
		t.Fatal(err)
	}
	alice.WaitMessage(t, testkit.Text("hi"))

	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range n {
			msg := &waE2E.Message{Conversation: proto.String(fmt.Sprintf("bot %d", i))}
			if _, err := s.SendMessage(ctx, alice.UserJID(), msg, whatsmeow.SendRequestExtra{}); err != nil {
				t.Errorf("bot send %d: %v", i, err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range n {
			msg := &waE2E.Message{Conversation: proto.String(fmt.Sprintf("alice %d", i))}
			if _, err := store.SendMessage(ctx, alice.WA, me, msg, whatsmeow.SendRequestExtra{}); err != nil {
				t.Errorf("contact send %d: %v", i, err)
				return
			}
		}
	}()

	// The session delivers each of the contact's messages once (its own sends come as 'append').
	got := map[string]bool{}
	for len(got) < n {
		d, text, kind := nextText(t, sub)
		if kind == "notify" {
			if !strings.HasPrefix(text, "alice ") || got[text] {
				t.Fatalf("session got %q (kind %s) after %d of the contact's messages", text, kind, len(got))
			}
			got[text] = true
		}
		if err := sub.Done(ctx, d.Seq); err != nil {
			t.Fatal(err)
		}
	}
	// The contact gets each of the session's messages once.
	seen := map[string]bool{}
	for len(seen) < n {
		m := alice.WaitMessage(t, func(m *wmevents.Message) bool {
			return strings.HasPrefix(m.Message.GetConversation(), "bot ")
		})
		text := m.Message.GetConversation()
		if seen[text] {
			t.Fatalf("contact got %q twice", text)
		}
		seen[text] = true
	}
	wg.Wait()
	testkit.WaitAcked(t, srv, alice)
	testkit.WaitDevicesAcked(t, srv, s.Status().Me.ID)
}
