package sim_test

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// waitPending waits until the server holds n stanzas for the client's device.
func waitPending(t *testing.T, srv *testkit.Server, c *testkit.Client, n int) {
	t.Helper()
	deadline := time.Now().Add(testkit.Timeout)
	for {
		got, err := srv.Server.PendingCount(c.JID())
		if err != nil {
			t.Fatal(err)
		}
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d pending stanzas, want %d", c.Name(), got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestOfflineDeviceGetsMessageAfterReconnect(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	// Establish sessions both ways first, so the queued message is a plain "msg".
	alice.SendText(t, bob.UserJID(), "warm-up")
	bob.WaitMessage(t, testkit.Text("warm-up"))
	waitPending(t, srv, bob, 0)

	bob.Disconnect()
	bob.Discard()
	resp := alice.SendText(t, bob.UserJID(), "while you were away")
	waitPending(t, srv, bob, 1)
	bob.Connect(t)
	m := bob.WaitMessage(t, testkit.Text("while you were away"))
	if m.Info.ID != resp.ID {
		t.Fatalf("got id %s, want %s", m.Info.ID, resp.ID)
	}
	done := testkit.WaitFor[*events.OfflineSyncCompleted](t, bob, nil)
	if done.Count < 1 {
		t.Fatalf("offline sync count %d, want >= 1", done.Count)
	}
	waitPending(t, srv, bob, 0) // bob's receipt removed it from the queue
}

func TestOfflineQueueSurvivesServerRestart(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	bob.Disconnect()
	// Bob may still owe the server an ack for something (his phone's key share), so count from here.
	base, err := srv.Server.PendingCount(bob.JID())
	if err != nil {
		t.Fatal(err)
	}
	alice.SendText(t, bob.UserJID(), "persisted")
	waitPending(t, srv, bob, base+1)

	srv.Restart(t)
	// Alice reconnects by herself after the 503; Bob comes back later.
	testkit.WaitFor[*events.Connected](t, alice, nil)
	waitPending(t, srv, bob, base+1)
	bob.Restart(t)
	bob.WaitMessage(t, testkit.Text("persisted"))
	alice.SendText(t, bob.UserJID(), "after restart")
	bob.WaitMessage(t, testkit.Text("after restart"))
}

func TestLogoutRemovesDevice(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	if err := alice2.WA.Logout(t.Context()); err != nil {
		t.Fatalf("logout: %v", err)
	}
	if _, err := srv.Server.Accounts().Device(alice2.JID()); err == nil {
		t.Fatal("device still registered after logout")
	}
	accts, err := srv.Admin.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1 || len(accts[0].Devices) != 1 || accts[0].Devices[0].JID != alice.JID().String() {
		t.Fatalf("accounts after logout: %+v", accts)
	}
}

func TestRemovedDeviceIsLoggedOut(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	if err := srv.Server.RemoveDevice(t.Context(), alice.JID(), true); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor[*events.LoggedOut](t, alice, nil)
}

func TestSecondConnectionReplacesFirst(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	second := alice.Clone(t)
	second.Connect(t)
	testkit.WaitFor[*events.StreamReplaced](t, alice, nil)
	if got := srv.Server.Stats(alice.JID()).Connects; got != 2 {
		t.Fatalf("connects = %d, want 2", got)
	}
}
