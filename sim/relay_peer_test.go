package sim_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// phoneStanzas replaces the virtual phones' sink of srv with one that passes on every stanza delivered
// to a phone, so a test sees what reached device 0.
func phoneStanzas(srv *testkit.Server) <-chan *waBinary.Node {
	got := make(chan *waBinary.Node, 16)
	srv.Server.SetPhoneSink(func(_ context.Context, _ types.JID, node *waBinary.Node) {
		select {
		case got <- node:
		default: // a test waits for one stanza; more must not block the relay
		}
	})
	return got
}

// TestPeerMessageReachesPhone: a companion's peer message to its own account (whatsmeow's placeholder
// resend request, as Baileys sends after a failed decryption) has no participant list and one <enc> for
// device 0; the simulator acks it and hands it to the account's phone, not to its other companions.
func TestPeerMessageReachesPhone(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	alice.EnableAppState(t) // the phone's key share starts the Signal session alice's peer send needs
	toPhone := phoneStanzas(srv)

	req := alice.WA.BuildUnavailableMessageRequest(bob.UserJID(), bob.UserJID(), "3EB0MISSING")
	resp, err := alice.WA.SendMessage(t.Context(), alice.UserJID(), req, whatsmeow.SendRequestExtra{Peer: true})
	if err != nil {
		t.Fatalf("send a peer message to the own account: %v", err)
	}
	var node *waBinary.Node
	select {
	case node = <-toPhone:
	case <-t.Context().Done():
		t.Fatal("test ended before the phone got the peer message")
	}
	from, _ := node.Attrs["from"].(types.JID)
	if node.Tag != "message" || node.Attrs["id"] != resp.ID || node.Attrs["category"] != "peer" || from != alice.JID() {
		t.Fatalf("the phone got %s, want peer message %s from %s", node.XMLString(), resp.ID, alice.JID())
	}
	if encs := node.GetChildrenByTag("enc"); len(encs) != 1 {
		t.Fatalf("the phone got %d <enc>, want the one encrypted for it: %s", len(encs), node.XMLString())
	}
	// Only the phone can decrypt it: the account's other companion is sent nothing.
	testkit.WaitAcked(t, srv, alice2)
	if n, err := srv.Server.PendingCount(alice2.JID()); err != nil || n != 0 {
		t.Fatalf("alice's other device has %d pending stanzas (%v), want none", n, err)
	}
}

// TestPeerMessageToAnotherAccountRejected: only the sender's own account may be addressed without a
// participant list; another account's bare JID names no device and gets an error ack.
func TestPeerMessageToAnotherAccountRejected(t *testing.T) {
	srv := testkit.NewServer(t)
	a := testkit.NewClient(t, srv)
	b := testkit.NewClient(t, srv)
	a.Disconnect()
	ra := rawLogin(t, srv, a)
	activate(t, ra)
	msg := waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": "peer1", "to": b.UserJID(), "type": "text", "category": "peer"},
		Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "msg"}, Content: []byte("ciphertext")}}}
	if err := ra.Send(msg); err != nil {
		t.Fatal(err)
	}
	ack := ra.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" && n.Attrs["id"] == "peer1" })
	if ack == nil || ack.Attrs["error"] != "400" {
		t.Fatalf("message without participants to another account: ack %v, want error 400", ack)
	}
}
