package compat

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestBaileysGroupMessages has Baileys create a group with a whatsmeow client and both send to it.
func TestBaileysGroupMessages(t *testing.T) { eachVersion(t, testGroupMessages) }

func testGroupMessages(t *testing.T, pkg string) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	p, me := pairedPeer(ctx, t, srv, pkg, "Baileys Bot")

	g, err := p.Do(ctx, map[string]any{"op": "groupCreate", "subject": "compat group",
		"participants": []string{bob.UserJID().String()}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Subject != "compat group" {
		t.Fatalf("groupCreate returned %s", g.Line)
	}
	group, err := types.ParseJID(g.ID)
	if err != nil || group.Server != types.GroupServer {
		t.Fatalf("groupCreate returned id %q (%v)", g.ID, err)
	}
	joined := testkit.WaitFor(t, bob, func(e *events.JoinedGroup) bool { return e.JID == group })
	if joined.Name != "compat group" {
		t.Fatalf("bob joined %q, want the subject Baileys set", joined.Name)
	}

	id := send(ctx, t, p, g.ID, map[string]any{"text": "hello group"})
	got := bob.WaitMessage(t, testkit.Text("hello group"))
	if got.Info.ID != id || got.Info.Chat != group || !sameAccount(srv, got.Info.Sender, me) {
		t.Fatalf("bob got %s in %s from %s, want %s in %s from %s", got.Info.ID, got.Info.Chat, got.Info.Sender, id, group, me)
	}

	resp := bob.SendText(t, group, "hello from bob")
	in := waitMessage(ctx, t, p, "bob's group text", func(e Event) bool { return textIs(e, "hello from bob") })
	if in.ID != resp.ID || in.Chat != g.ID {
		t.Fatalf("Baileys got %s, want id %s in %s", in.Line, resp.ID, g.ID)
	}
	if pj, err := types.ParseJID(in.Participant); err != nil || !sameAccount(srv, pj, bob.UserJID()) {
		t.Fatalf("Baileys names the sender %q, want bob (%s)", in.Participant, bob.UserJID())
	}
}
