package compat

import (
	"context"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// TestBaileysPlaceholderResendReachesPhone: a message Baileys cannot decrypt makes it ask its own phone
// for the message (a placeholder resend request: a peer message to its account's bare JID, without a
// participant list, encrypted for device 0) besides sending a retry receipt. The simulator must accept
// that stanza and hand it to the account's virtual phone; it used to answer 400 ("message without
// participants must name a device").
func TestBaileysPlaceholderResendReachesPhone(t *testing.T) { eachVersion(t, testPlaceholderResend) }

func testPlaceholderResend(t *testing.T, pkg string) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	p, me := pairedPeer(ctx, t, srv, pkg, "Baileys Bot")
	baileys := baileysDevice(t, srv, me)
	// After the phone's sync with the device (pairedPeer), which waits for receipts through the phone's
	// sink: from here on the test sees what reaches the phone instead.
	peer := make(chan *waBinary.Node, 1)
	srv.Server.SetPhoneSink(func(_ context.Context, _ types.JID, node *waBinary.Node) {
		if from, _ := node.Attrs["from"].(types.JID); node.Tag == "message" && node.Attrs["category"] == "peer" && from == baileys {
			select {
			case peer <- node:
			default:
			}
		}
	})

	// A message from Bob whose ciphertext belongs to no Signal session.
	const id = "3EB0BADMAC0000000001"
	err := srv.Server.Deliver(ctx, baileys, &waBinary.Node{Tag: "message",
		Attrs: waBinary.Attrs{"id": id, "from": bob.JID(), "t": time.Now().Unix(), "type": "text", "notify": "Bob"},
		Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "msg"},
			Content: []byte("not a signal message for this session")}}})
	if err != nil {
		t.Fatal(err)
	}
	// Baileys waits 5 s for the message to turn up before it asks the phone.
	wait, stop := context.WithTimeout(ctx, 5*time.Second+testkit.Timeout)
	defer stop()
	select {
	case node := <-peer:
		if encs := node.GetChildrenByTag("enc"); len(encs) != 1 {
			t.Fatalf("the phone got %s, want one <enc> for it", node.XMLString())
		}
	case <-wait.Done():
		t.Fatalf("Baileys' placeholder resend request never reached the phone; peer events: %s", p.Describe())
	}
	testkit.WaitDevicesAcked(t, srv, baileys)
	testkit.WaitAcked(t, srv, bob)
}

// baileysDevice is the account's one companion device (Baileys), in phone-number form.
func baileysDevice(t *testing.T, srv *testkit.Server, account types.JID) types.JID {
	t.Helper()
	devs, err := srv.Server.Accounts().Devices(account.User)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if !d.Virtual() {
			return d.JID()
		}
	}
	t.Fatalf("account %s has no companion device", account)
	return types.JID{}
}
