package profile_test

import (
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestPrivacySettings reads the defaults, changes a category from one device and checks that the other
// device is told and reads the new value, and that unknown values are refused.
func TestPrivacySettings(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	ann2 := testkit.NewClient(t, srv, testkit.SameAccount(ann))

	got, err := ann.WA.TryFetchPrivacySettings(testkit.Context(t), true)
	if err != nil {
		t.Fatal(err)
	}
	want := types.PrivacySettings{GroupAdd: "all", LastSeen: "all", Status: "contacts", Profile: "all",
		ReadReceipts: "all", CallAdd: "all", Online: "all"}
	if *got != want {
		t.Fatalf("defaults %+v, want %+v", *got, want)
	}
	if _, err := ann2.WA.TryFetchPrivacySettings(testkit.Context(t), true); err != nil { // primes ann2's cache
		t.Fatal(err)
	}

	if _, err := ann.WA.SetPrivacySetting(testkit.Context(t), types.PrivacySettingTypeLastSeen, types.PrivacySettingContacts); err != nil {
		t.Fatal(err)
	}
	evt := testkit.WaitFor[*events.PrivacySettings](t, ann2, nil)
	if !evt.LastSeenChanged || evt.ProfileChanged || evt.GroupAddChanged {
		t.Fatalf("privacy notification %+v, want only last seen", evt)
	}
	if cached, _ := ann2.WA.TryFetchPrivacySettings(testkit.Context(t), false); cached.LastSeen != types.PrivacySettingContacts {
		t.Fatalf("other device's settings after notification %+v", cached)
	}
	fresh, err := ann2.WA.TryFetchPrivacySettings(testkit.Context(t), true)
	if err != nil || fresh.LastSeen != types.PrivacySettingContacts || fresh.Online != "all" {
		t.Fatalf("settings after change %+v %v", fresh, err)
	}

	if _, err := ann.WA.SetPrivacySetting(testkit.Context(t), types.PrivacySettingTypeOnline, types.PrivacySettingContacts); iqCode(err) != 400 {
		t.Fatalf("online=contacts: %v, want 400", err)
	}
	if _, err := ann.WA.SetPrivacySetting(testkit.Context(t), "colour", "all"); iqCode(err) != 400 {
		t.Fatalf("unknown category: %v, want 400", err)
	}

	// Settings survive a restart.
	testkit.WaitAcked(t, srv, ann, ann2)
	srv.Restart(t)
	testkit.WaitFor[*events.Connected](t, ann, nil)
	if after, err := ann.WA.TryFetchPrivacySettings(testkit.Context(t), true); err != nil || after.LastSeen != types.PrivacySettingContacts {
		t.Fatalf("after restart %+v %v", after, err)
	}
}
