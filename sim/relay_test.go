package sim_test

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// fromSender matches a message with this text sent by that device.
func fromSender(text string, sender *testkit.Client) func(*events.Message) bool {
	return func(m *events.Message) bool {
		return testkit.Text(text)(m) && m.Info.Sender.User == sender.UserJID().User && m.Info.Sender.Device == sender.JID().Device
	}
}

func TestDirectMessagesTwoAccountsTwoDevices(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	bob2 := testkit.NewClient(t, srv, testkit.SameAccount(bob))

	resp := alice.SendText(t, bob.UserJID(), "hello bob")
	for _, c := range []*testkit.Client{bob, bob2} {
		m := c.WaitMessage(t, fromSender("hello bob", alice))
		if m.Info.ID != resp.ID || m.Info.IsFromMe || m.Info.PushName != "Alice" {
			t.Fatalf("%s got %+v", c.Name(), m.Info)
		}
	}
	// Alice's other device gets her own message as a copy in the chat with Bob.
	own := alice2.WaitMessage(t, fromSender("hello bob", alice))
	if !own.Info.IsFromMe || own.Info.Chat.User != bob.UserJID().User {
		t.Fatalf("own-device copy: %+v", own.Info)
	}
	// Delivery receipts reach the sending device.
	alice.WaitReceipt(t, resp.ID, string(types.ReceiptTypeInactive))

	resp2 := bob2.SendText(t, alice.UserJID(), "hi alice")
	for _, c := range []*testkit.Client{alice, alice2} {
		c.WaitMessage(t, fromSender("hi alice", bob2))
	}
	bob.WaitMessage(t, fromSender("hi alice", bob2))

	// A read receipt from Alice reaches Bob's devices as a read receipt event.
	if err := alice.WA.MarkRead(t.Context(), []types.MessageID{resp2.ID}, resp2.Timestamp, bob.UserJID(), bob2.JID()); err != nil {
		t.Fatal(err)
	}
	bob2.WaitReceipt(t, resp2.ID, string(types.ReceiptTypeRead))
}

// TestNewDeviceReachedAfterDeviceListNotification checks that clients which cached a device list learn
// about a device paired later (devices / account_sync notifications), for peers and for own devices.
func TestNewDeviceReachedAfterDeviceListNotification(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	bob.SendText(t, alice.UserJID(), "one")
	alice.WaitMessage(t, testkit.Text("one"))
	alice.SendText(t, bob.UserJID(), "two")
	bob.WaitMessage(t, testkit.Text("two"))

	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob.SendText(t, alice.UserJID(), "three")
	alice2.WaitMessage(t, testkit.Text("three"))
	alice.SendText(t, bob.UserJID(), "four")
	alice2.WaitMessage(t, testkit.Text("four")) // own-device copy
}

// TestLowPreKeysTriggerUpload checks the encrypt notification: when a bundle fetch leaves a device with
// few one-time pre-keys, the server asks it for more and it uploads them.
func TestLowPreKeysTriggerUpload(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	reg := srv.Server.Accounts()
	for {
		n, err := reg.PreKeyCount(alice.JID())
		if err != nil {
			t.Fatal(err)
		}
		if n <= 2 {
			break
		}
		if _, err := reg.TakePreKey(alice.JID()); err != nil {
			t.Fatal(err)
		}
	}
	bob.SendText(t, alice.UserJID(), "uses a pre-key")
	alice.WaitMessage(t, testkit.Text("uses a pre-key"))
	deadline := time.Now().Add(testkit.Timeout)
	for {
		n, _ := reg.PreKeyCount(alice.JID())
		if n >= 5 {
			// whatsmeow asks for the count again after uploading; let that finish before the test ends,
			// since its FrameSocket.IsConnected races with a concurrent Disconnect (a library race).
			alice.SendText(t, bob.UserJID(), "after upload")
			bob.WaitMessage(t, testkit.Text("after upload"))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("alice has %d pre-keys; she was not asked to upload more", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
