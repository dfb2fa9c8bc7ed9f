package compat

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// TestSimBaileysLIDFields: messages from a whatsmeow user reach Baileys 7 with the LID information
// it maps phone numbers with, 1:1 (remoteJidAlt) and in a group (participantAlt), both naming the
// sender's LID from the simulator's directory; and Baileys' own sends to that user, which need the LIDs
// in the device lists the simulator returns, arrive.
func TestSimBaileysLIDFields(t *testing.T) {
	srv := testkit.NewServer(t, testkit.PhoneSync())
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	p, _, dev := linkProbe(ctx, t, srv, t.TempDir(), auth.LinkOptions{Name: "Probe"})
	bobAcct, err := srv.Server.Accounts().Account(bob.UserJID().User)
	if err != nil {
		t.Fatal(err)
	}
	bobLID := bobAcct.LIDJID().String()
	me := dev.ToNonAD()

	text := func(s string) func(probeEvent) bool {
		return func(e probeEvent) bool { return e.Text != nil && *e.Text == s }
	}
	bob.SendText(t, me, "direct")
	k := p.next(ctx, "message", text("direct")).Key
	if k.RemoteJID != bob.UserJID().String() || k.RemoteJIDAlt != bobLID || k.AddressingMode != "pn" {
		t.Errorf("1:1 key %+v, want remoteJid %s, remoteJidAlt %s, addressingMode pn", k, bob.UserJID(), bobLID)
	}

	g, err := bob.WA.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: "lid group", Participants: []types.JID{me}})
	if err != nil {
		t.Fatal(err)
	}
	bob.SendText(t, g.JID, "in group")
	k = p.next(ctx, "message", text("in group")).Key
	if k.RemoteJID != g.JID.String() || k.Participant != bob.UserJID().String() || k.ParticipantAlt != bobLID {
		t.Errorf("group key %+v, want remoteJid %s, participant %s, participantAlt %s", k, g.JID, bob.UserJID(), bobLID)
	}
}
