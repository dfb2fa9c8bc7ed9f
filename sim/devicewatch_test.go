package sim_test

import (
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// TestDeviceNotificationsGoToWatchers: a new device of alice's is announced to bob, who asked for
// alice's device list (by sending her a message), and not to carol, who never did.
func TestDeviceNotificationsGoToWatchers(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	carol := testkit.NewClient(t, srv)
	bob.SendText(t, alice.UserJID(), "hi")
	alice.WaitMessage(t, testkit.Text("hi"))
	testkit.WaitAcked(t, srv, alice, bob, carol)
	bob.Disconnect()
	carol.Disconnect()
	bobRaw, carolRaw := rawLogin(t, srv, bob), rawLogin(t, srv, carol)

	testkit.NewClient(t, srv, testkit.SameAccount(alice))
	isDevices := func(n *waBinary.Node) bool {
		from, _ := n.Attrs["from"].(types.JID)
		return n.Tag == "notification" && n.Attrs["type"] == "devices" && from.User == alice.UserJID().User
	}
	if bobRaw.ReadUntil(testkit.Timeout, isDevices) == nil {
		t.Fatal("bob, who has alice's device list, was not told about her new device")
	}
	// The notification would have been queued before the answer to a ping carol sends now.
	if err := carolRaw.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "ping-1", "type": "get",
		"xmlns": "w:p", "to": types.ServerJID}, Content: []waBinary.Node{{Tag: "ping"}}}); err != nil {
		t.Fatal(err)
	}
	for {
		n := carolRaw.Read(testkit.Timeout)
		if n == nil {
			t.Fatal("no answer to carol's ping")
		}
		if isDevices(n) {
			t.Fatalf("carol, who never asked for alice's devices, got %s", n.XMLString())
		}
		if n.Tag == "iq" && n.Attrs["id"] == "ping-1" {
			break
		}
	}
}
