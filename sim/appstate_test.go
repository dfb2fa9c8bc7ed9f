package sim_test

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestAppStateKeyShareAndSync: the virtual phone shares an app-state key with each new companion, and a
// change one device makes (archive a chat) reaches the account's other device.
func TestAppStateKeyShareAndSync(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob := testkit.NewClient(t, srv)
	for _, c := range []*testkit.Client{alice, alice2} {
		c.EnableAppState(t)
	}
	if err := alice.WA.SendAppState(t.Context(), appstate.BuildArchive(bob.UserJID(), true, time.Time{}, nil)); err != nil {
		t.Fatalf("archive: %v", err)
	}
	if err := alice.WA.SendAppState(t.Context(), appstate.BuildArchive(bob.UserJID(), false, time.Time{}, nil)); err != nil {
		t.Fatalf("unarchive: %v", err)
	}
	evt := testkit.WaitFor(t, alice2, func(a *events.Archive) bool { return a.JID == bob.UserJID() && !a.Action.GetArchived() })
	if evt.FromFullSync {
		t.Fatal("unarchive came as a full sync")
	}
}

func TestHistoryBootstrap(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	if err := srv.Phones.SendHistoryBootstrap(t.Context(), alice.JID()); err != nil {
		t.Fatal(err)
	}
	hs := testkit.WaitFor[*events.HistorySync](t, alice, nil)
	if hs.Data.GetSyncType().String() != "INITIAL_BOOTSTRAP" {
		t.Fatalf("history sync type %s", hs.Data.GetSyncType())
	}
}
