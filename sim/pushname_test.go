package sim_test

import (
	"testing"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestPhonePushName: the first time an account's phone shares its app-state key, it puts the account's
// push name into critical_block (once: a second companion does not add another patch), so a companion
// that syncs learns its own name, as from a real phone.
func TestPhonePushName(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alice.WA.EmitAppStateEventsOnFullSync = true // the first sync after the key share is a full one
	alice.EnableAppState(t)
	got := testkit.WaitFor(t, alice, func(e *events.PushNameSetting) bool { return true })
	if got.Action.GetName() != "Alice" {
		t.Fatalf("push name from app state %q, want Alice", got.Action.GetName())
	}
	alice2 := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	alice2.WA.EmitAppStateEventsOnFullSync = true
	alice2.EnableAppState(t)
	testkit.WaitFor(t, alice2, func(e *events.PushNameSetting) bool { return e.Action.GetName() == "Alice" })
	if v, err := srv.AppState.Version(alice.UserJID().User, "critical_block"); err != nil || v != 1 {
		t.Fatalf("critical_block at version %d (%v), want the phone's one patch", v, err)
	}
}
