package sim_test

import (
	"testing"

	"github.com/botrt/botrt/sim/testkit"
)

func TestQRPairingAndLogin(t *testing.T) {
	srv := testkit.NewServer(t)
	c := testkit.NewClient(t, srv, testkit.Name("Alice"))
	if c.JID().Device == 0 || c.Device.LID.IsEmpty() || c.Device.LID.Device != c.JID().Device {
		t.Fatalf("paired device has JID %s and LID %s", c.JID(), c.Device.LID)
	}
	accts, err := srv.Admin.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1 || len(accts[0].Devices) != 1 || !accts[0].Devices[0].Connected || accts[0].Devices[0].Connects != 1 {
		t.Fatalf("accounts after pairing: %+v", accts)
	}
	if accts[0].Devices[0].JID != c.JID().String() {
		t.Fatalf("admin lists %s, client is %s", accts[0].Devices[0].JID, c.JID())
	}
	c.Restart(t)
	if got := srv.Server.Stats(c.JID()).Connects; got != 2 {
		t.Fatalf("connects after client restart = %d, want 2", got)
	}
}

func TestPairingCode(t *testing.T) {
	srv := testkit.NewServer(t)
	c := testkit.NewClient(t, srv, testkit.Phone("15550001234"), testkit.PairingCode())
	if c.UserJID().User != "15550001234" {
		t.Fatalf("paired as %s", c.JID())
	}
}
