package compat

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// send has the peer send content to jid and returns the new message's id.
func send(ctx context.Context, t *testing.T, p *Peer, jid string, content map[string]any) string {
	t.Helper()
	return sendWith(ctx, t, p, jid, content, nil)
}

// sendWith is send with sendMessage's options (quoted, ...).
func sendWith(ctx context.Context, t *testing.T, p *Peer, jid string, content, options map[string]any) string {
	t.Helper()
	r, err := p.Do(ctx, map[string]any{"op": "send", "jid": jid, "content": content, "options": options})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == "" {
		t.Fatalf("send to %s: no message id in %s", jid, r.Line)
	}
	return r.ID
}

// waitMessage waits for a message the peer received (not one it sent) that satisfies match.
func waitMessage(ctx context.Context, t *testing.T, p *Peer, what string, match func(Event) bool) Event {
	t.Helper()
	e, err := p.Wait(ctx, func(e Event) bool { return e.Ev == "message" && !e.FromMe && match(e) })
	if err != nil {
		t.Fatalf("Baileys did not receive %s: %v", what, err)
	}
	return e
}

func textIs(e Event, s string) bool { return e.Text != nil && *e.Text == s }

// TestBaileysDirectMessages exchanges texts, a quoted reply and reactions between Baileys and a
// whatsmeow client, in both directions.
func TestBaileysDirectMessages(t *testing.T) { eachVersion(t, testDirectMessages) }

func testDirectMessages(t *testing.T, pkg string) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	p, me := pairedPeer(ctx, t, srv, pkg, "Baileys Bot")
	bobJID := bob.UserJID().String()

	// Baileys → whatsmeow.
	id := send(ctx, t, p, bobJID, map[string]any{"text": "hello from baileys"})
	got := bob.WaitMessage(t, testkit.Text("hello from baileys"))
	if got.Info.ID != id || !sameAccount(srv, got.Info.Sender, me) {
		t.Fatalf("bob got id %s from %s, Baileys sent %s as %s", got.Info.ID, got.Info.Sender, id, me)
	}

	// whatsmeow → Baileys.
	resp := bob.SendText(t, me, "hello from whatsmeow")
	in := waitMessage(ctx, t, p, "bob's text", func(e Event) bool { return textIs(e, "hello from whatsmeow") })
	if in.ID != resp.ID || in.Upsert != "notify" || in.PushName != "Bob" {
		t.Fatalf("Baileys got %s, want id %s, upsert notify, pushName Bob", in.Line, resp.ID)
	}

	// A quoted reply from Baileys names the message it quotes.
	quoted := map[string]any{
		"key":     map[string]any{"remoteJid": bobJID, "id": resp.ID, "fromMe": false},
		"message": map[string]any{"conversation": "hello from whatsmeow"},
	}
	sendWith(ctx, t, p, bobJID, map[string]any{"text": "quoting you"}, map[string]any{"quoted": quoted})
	q := bob.WaitMessage(t, testkit.Text("quoting you"))
	if ci := q.Message.GetExtendedTextMessage().GetContextInfo(); ci.GetStanzaID() != resp.ID {
		t.Fatalf("quoted reply names %q, want %q", ci.GetStanzaID(), resp.ID)
	}

	// Reactions both ways.
	send(ctx, t, p, bobJID, map[string]any{"react": map[string]any{"text": "👍",
		"key": map[string]any{"remoteJid": bobJID, "id": resp.ID, "fromMe": false}}})
	r := bob.WaitMessage(t, func(m *events.Message) bool { return m.Message.GetReactionMessage() != nil })
	if rm := r.Message.GetReactionMessage(); rm.GetText() != "👍" || rm.GetKey().GetID() != resp.ID {
		t.Fatalf("bob got reaction %q to %q, want 👍 to %q", rm.GetText(), rm.GetKey().GetID(), resp.ID)
	}
	if _, err := bob.WA.SendMessage(ctx, me, bob.WA.BuildReaction(me, me, id, "❤️")); err != nil {
		t.Fatal(err)
	}
	re := waitMessage(ctx, t, p, "bob's reaction", func(e Event) bool { return e.Reaction != nil })
	if re.Reaction.Text != "❤️" || re.Reaction.ID != id {
		t.Fatalf("Baileys got reaction %+v, want ❤️ to %s", *re.Reaction, id)
	}
}
