package sim_test

import (
	"testing"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/testkit"
)

func TestUserLookups(t *testing.T) {
	srv := testkit.NewServer(t)
	if _, err := srv.Server.Accounts().CreateAccount(accounts.NewAccount{Phone: "15550007777", Name: "Shop", Business: true}); err != nil {
		t.Fatal(err)
	}
	shop := testkit.NewClient(t, srv, testkit.Phone("15550007777"))
	alice := testkit.NewClient(t, srv)

	res, err := alice.WA.IsOnWhatsApp(t.Context(), []string{"+15550007777", "+15550009999"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].IsIn || res[0].JID != shop.UserJID() || res[1].IsIn {
		t.Fatalf("IsOnWhatsApp: %+v", res)
	}
	if res[0].VerifiedName == nil || res[0].VerifiedName.Details.GetVerifiedName() != "Shop" {
		t.Fatalf("business verified name: %+v", res[0].VerifiedName)
	}
	if err := shop.WA.SetStatusMessage(t.Context(), "open 9-5"); err != nil {
		t.Fatal(err)
	}
	info, err := alice.WA.GetUserInfo(t.Context(), []types.JID{shop.UserJID()})
	if err != nil {
		t.Fatal(err)
	}
	got := info[shop.UserJID()]
	if got.Status != "open 9-5" {
		t.Fatalf("status %q", got.Status)
	}
	if got.LID.User != shop.Device.LID.User || got.LID.Server != types.HiddenUserServer {
		t.Fatalf("LID %s, want %s", got.LID, shop.Device.LID)
	}
	// Shop's devices: the phone and the companion; the asking device is never listed for itself.
	if len(got.Devices) != 2 || got.Devices[1].Device != shop.JID().Device {
		t.Fatalf("devices %v", got.Devices)
	}
	own, err := alice.WA.GetUserInfo(t.Context(), []types.JID{alice.UserJID()})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range own[alice.UserJID()].Devices {
		if d.Device == alice.JID().Device {
			t.Fatalf("own device list contains the asking device: %v", own[alice.UserJID()].Devices)
		}
	}
}
