package sim_test

import (
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/directory"
	"github.com/botrt/botrt/sim/testkit"
)

// activate sends <active/> and returns the messages flushed before the offline marker.
func activate(t *testing.T, rc *testkit.RawClient) []*waBinary.Node {
	t.Helper()
	if err := rc.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "act", "type": "set", "xmlns": "passive"},
		Content: []waBinary.Node{{Tag: "active"}}}); err != nil {
		t.Fatal(err)
	}
	var flushed []*waBinary.Node
	if rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool {
		if n.Tag == "message" {
			flushed = append(flushed, n)
		}
		return n.Tag == "ib"
	}) == nil {
		t.Fatal("no offline marker after active")
	}
	return flushed
}

func directMessage(id string, to types.JID, count string) waBinary.Node {
	enc := waBinary.Attrs{"v": "2", "type": "msg"}
	if count != "" {
		enc["count"] = count
	}
	return waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": id, "to": to.ToNonAD(), "type": "text"},
		Content: []waBinary.Node{{Tag: "participants", Content: []waBinary.Node{{Tag: "to", Attrs: waBinary.Attrs{"jid": to},
			Content: []waBinary.Node{{Tag: "enc", Attrs: enc, Content: []byte("ciphertext")}}}}}}}
}

// TestDuplicateSendDeliveredOnceAndRetryResend: a message id sent twice while still pending reaches the
// device once; a retry receipt goes back to the sender with its children, and the sender's resend
// (addressed to the one device, without participants) is delivered again.
func TestDuplicateSendDeliveredOnceAndRetryResend(t *testing.T) {
	srv := testkit.NewServer(t)
	a := testkit.NewClient(t, srv)
	b := testkit.NewClient(t, srv)
	a.Disconnect()
	b.Disconnect()
	ra, rb := rawLogin(t, srv, a), rawLogin(t, srv, b)
	activate(t, ra)

	// The ack's participant hash covers b's devices (phone and companion) and a's other devices (its phone).
	wantHash := directory.DeviceHash([]types.JID{b.UserJID(), b.JID(), a.UserJID()})
	for range 2 {
		if err := ra.Send(directMessage("dup1", b.JID(), "")); err != nil {
			t.Fatal(err)
		}
		ack := ra.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" && n.Attrs["id"] == "dup1" })
		if ack == nil {
			t.Fatal("send not acked")
		}
		if ack.Attrs["phash"] != wantHash {
			t.Fatalf("ack phash %v, want %s", ack.Attrs["phash"], wantHash)
		}
	}
	flushed := activate(t, rb) // b was passive: the flush must hold the message once
	if len(flushed) != 1 || flushed[0].Attrs["id"] != "dup1" || flushed[0].Attrs["offline"] == nil {
		t.Fatalf("b got %d messages: %v", len(flushed), flushed)
	}
	got := flushed[0]

	retry := waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "dup1", "to": got.Attrs["from"], "type": "retry"},
		Content: []waBinary.Node{
			{Tag: "retry", Attrs: waBinary.Attrs{"count": "1", "id": "dup1", "t": "1", "v": "1"}},
			{Tag: "registration", Content: []byte{0, 0, 0, 7}},
		}}
	if err := rb.Send(retry); err != nil {
		t.Fatal(err)
	}
	fwd := ra.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "receipt" && n.Attrs["type"] == "retry" })
	if fwd == nil {
		t.Fatal("retry receipt not forwarded")
	}
	if from, _ := fwd.Attrs["from"].(types.JID); from != b.JID() {
		t.Fatalf("retry receipt from %v, want %s", fwd.Attrs["from"], b.JID())
	}
	if reg, _ := fwd.GetChildByTag("registration").Content.([]byte); len(reg) != 4 {
		t.Fatalf("retry receipt lost its children: %s", fwd.XMLString())
	}
	resend := waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": "dup1", "to": b.JID(), "type": "text"},
		Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "pkmsg", "count": "1"}, Content: []byte("again")}}}
	if err := ra.Send(resend); err != nil {
		t.Fatal(err)
	}
	again := rb.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "message" })
	if again == nil || again.Attrs["id"] != "dup1" || again.GetChildByTag("enc").Attrs["count"] != "1" {
		t.Fatalf("resend: %v", again)
	}
}
