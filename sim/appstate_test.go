package sim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestAppStateKeyShareAndSync: the virtual phone shares an app-state key with each new companion, and the
// very first change one device makes (archive a chat) reaches the account's other device as an event:
// the phone's initial state put every collection at version 1 before either device synced it, so the
// archive is an ordinary patch to them, not part of a full sync (which whatsmeow reports no events for).
func TestAppStateKeyShareAndSync(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob := testkit.NewClient(t, srv)
	for _, c := range []*testkit.Client{alice, alice2} {
		c.EnableAppState(t)
	}
	for _, name := range appstate.AllPatchNames {
		if v, err := srv.AppState.Version(alice.UserJID().User, string(name)); err != nil || v != 1 {
			t.Fatalf("%s at version %d (%v) after two key shares, want the phone's one initial patch", name, v, err)
		}
	}
	if err := alice.WA.SendAppState(t.Context(), appstate.BuildArchive(bob.UserJID(), true, time.Time{}, nil)); err != nil {
		t.Fatalf("archive: %v", err)
	}
	evt := testkit.WaitFor(t, alice2, func(a *events.Archive) bool { return a.JID == bob.UserJID() })
	if !evt.Action.GetArchived() || evt.FromFullSync {
		t.Fatalf("first archive arrived as archived=%v fromFullSync=%v", evt.Action.GetArchived(), evt.FromFullSync)
	}
	testkit.WaitAcked(t, srv, alice, alice2, bob)
}

// TestAppStateInitialOnFetch: in a simulator database from before the phones wrote initial state (the
// key shared, the collections empty), the phone fills a collection when a device next asks for it, so
// the first change another device makes still arrives as an event.
func TestAppStateInitialOnFetch(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	alice.EnableAppState(t)
	ctx := t.Context()
	// Back to what such a database holds: no patches on the server (key layout of sim/appstate), and
	// alice synced to version 0 of everything.
	if err := srv.Server.DB().DropPrefix([]byte("sim/appstate/" + alice.UserJID().User + "/")); err != nil {
		t.Fatal(err)
	}
	for _, name := range appstate.AllPatchNames {
		if err := alice.Device.AppState.DeleteAppStateVersion(ctx, string(name)); err != nil {
			t.Fatal(err)
		}
		if v, err := srv.AppState.Version(alice.UserJID().User, string(name)); err != nil || v != 0 {
			t.Fatalf("%s at version %d (%v) after the reset", name, v, err)
		}
	}
	for _, name := range appstate.AllPatchNames {
		if err := alice.WA.FetchAppState(ctx, name, false, false); err != nil {
			t.Fatalf("fetch %s: %v", name, err)
		}
		if v, _, err := alice.Device.AppState.GetAppStateVersion(ctx, string(name)); err != nil || v != 1 {
			t.Fatalf("alice's %s at version %d (%v) after fetching it, want the phone's initial state", name, v, err)
		}
	}
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	alice2.EnableAppState(t)
	if err := alice2.WA.SendAppState(ctx, appstate.BuildArchive(bob.UserJID(), true, time.Time{}, nil)); err != nil {
		t.Fatalf("archive: %v", err)
	}
	evt := testkit.WaitFor(t, alice, func(a *events.Archive) bool { return a.JID == bob.UserJID() })
	if !evt.Action.GetArchived() || evt.FromFullSync {
		t.Fatalf("first archive arrived as archived=%v fromFullSync=%v", evt.Action.GetArchived(), evt.FromFullSync)
	}
	testkit.WaitAcked(t, srv, alice, alice2, bob)
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

// TestSyncCompanion: the phone shares the app-state key, waits for the companion's receipt of it, and
// only then sends the history bootstrap; a companion that is not online to answer leaves SyncCompanion
// with its context's error instead of waiting on.
func TestSyncCompanion(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), testkit.Timeout)
	defer cancel()
	if err := srv.Phones.SyncCompanion(ctx, alice.JID()); err != nil {
		t.Fatalf("sync an online companion: %v", err)
	}
	testkit.WaitFor[*events.HistorySync](t, alice, nil)
	if id, err := alice.Device.AppStateKeys.GetLatestAppStateSyncKeyID(ctx); err != nil || id == nil {
		t.Fatalf("alice's app-state key after the sync: %x, %v", id, err)
	}

	carol := testkit.NewClient(t, srv)
	testkit.WaitAcked(t, srv, alice, carol)
	carol.Disconnect()
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	if err := srv.Phones.SyncCompanion(short, carol.JID()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("sync of a companion that is offline: %v, want the context's deadline", err)
	}
}
