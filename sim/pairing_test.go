package sim_test

import (
	"net/http"
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
	// The code typed through the admin API: POST /api/link {"phone", "code"}.
	h := testkit.NewClient(t, srv, testkit.Phone("15550004321"), testkit.PairingCode(), testkit.LinkOverHTTP())
	if h.UserJID().User != "15550004321" {
		t.Fatalf("paired over HTTP as %s", h.JID())
	}
	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"phone":"15550009999","code":"ABCD1234"}`, http.StatusNotFound}, // nobody asked for a code for it
		{`{"phone":"15550009999","code":"ABC"}`, http.StatusBadRequest},
		{`{"code":"ABCD1234"}`, http.StatusBadRequest},
		{`{"qr":"x","phone":"15550009999","code":"ABCD1234"}`, http.StatusBadRequest},
	} {
		if status, body := srv.API(t, http.MethodPost, "/api/link", []byte(tc.body)); status != tc.status {
			t.Errorf("POST /api/link %s: %d %s, want %d", tc.body, status, body, tc.status)
		}
	}
	testkit.WaitAcked(t, srv, c, h)
}
