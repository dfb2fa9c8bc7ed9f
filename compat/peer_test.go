package compat

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// peerTimeout bounds each test's conversation with Baileys (node start-up, pairing, messages) on a
// loaded 2-core machine running -race.
const peerTimeout = 3 * time.Minute

// requireModules installs the pinned packages once; without node/npm the test is skipped, unless CI is
// set, where their absence is a failure.
func requireModules(t *testing.T) string {
	t.Helper()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := EnsureModules(ctx, dir); err != nil {
		if errors.Is(err, ErrNoNode) && os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return dir
}

// versions are the Baileys releases every peer test runs against, by subtest name.
var versions = []struct{ name, pkg string }{{"baileys7", Baileys7}, {"baileys6", Baileys6}}

// eachVersion runs test once per Baileys version, as subtests.
func eachVersion(t *testing.T, test func(t *testing.T, pkg string)) {
	for _, v := range versions {
		t.Run(v.name, func(t *testing.T) { test(t, v.pkg) })
	}
}

// logWriter passes the peer's logs to the test log when BOTRT_SIM_LOG=1 (as the testkit does).
func logWriter(t *testing.T) io.Writer {
	if os.Getenv(testkit.LogEnv) == "1" {
		return os.Stderr
	}
	return nil
}

// pairedPeer starts Baileys (pkg) against srv, scans its QR code through the admin API and waits for
// the login that follows the 515 restart. It returns the peer and its account's phone-number JID.
// An optional authDir keeps Baileys' auth state there (for a restart); default a fresh temp dir.
func pairedPeer(ctx context.Context, t *testing.T, srv *testkit.Server, pkg, name string, authDir ...string) (*Peer, types.JID) {
	t.Helper()
	dir := t.TempDir()
	if len(authDir) > 0 {
		dir = authDir[0]
	}
	requireModules(t)
	media, err := ServeMediaTLS(srv.Simulator, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	level := "silent"
	if logWriter(t) != nil {
		level = "debug"
	}
	p, err := StartPeer(ctx, PeerOptions{
		WSURL: "ws://" + srv.Addr() + "/ws/chat", AuthDir: dir, Package: pkg, Stderr: logWriter(t),
		Env: []string{"LOG_LEVEL=" + level, "MEDIA_HOST=" + media.Addr, "NODE_EXTRA_CA_CERTS=" + media.CAFile},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("close peer: %v", err)
		}
	})
	qr, err := p.WaitEv(ctx, "qr")
	if err != nil {
		t.Fatal(err)
	}
	// The QR as Baileys 7 shows it, in its wa.me link: the simulator's phone reads it like WhatsApp's.
	body, _ := json.Marshal(map[string]string{"qr": qr.QR, "name": name})
	status, resp := srv.API(t, http.MethodPost, "/api/link", body)
	if status != http.StatusOK {
		t.Fatalf("POST /api/link: %d %s", status, resp)
	}
	var linked struct{ JID, Device string }
	if err := json.Unmarshal(resp, &linked); err != nil {
		t.Fatalf("link response %s: %v", resp, err)
	}
	if c, err := p.WaitEv(ctx, "close"); err != nil || c.Code != 515 || !c.Reconnect {
		t.Fatalf("after pairing: want close 515 and a reconnect, got %+v, %v", c, err)
	}
	open, err := p.WaitEv(ctx, "open")
	if err != nil {
		t.Fatal(err)
	}
	if open.ID != linked.Device && strings.Split(open.ID, ":")[0] != strings.Split(linked.JID, "@")[0] {
		t.Fatalf("Baileys logged in as %q, the simulator linked %q", open.ID, linked.Device)
	}
	if want := map[string]int{Baileys7: 3, Baileys6: 2}[pkg]; open.Dict != want {
		t.Fatalf("%s speaks token dictionary %d, want %d", pkg, open.Dict, want)
	}
	dev, err := types.ParseJID(linked.Device)
	if err != nil {
		t.Fatalf("linked device %q: %v", linked.Device, err)
	}
	phoneSync(ctx, t, srv, dev)
	jid, err := types.ParseJID(linked.JID)
	if err != nil {
		t.Fatalf("link response names %q: %v", linked.JID, err)
	}
	return p, jid
}

// TestBaileysPairsAndLogsIn pairs Baileys, then starts a new Baileys process on the saved auth state:
// it must log in as the same device without a QR code, and still receive messages.
func TestBaileysPairsAndLogsIn(t *testing.T) { eachVersion(t, testPairsAndLogsIn) }

func testPairsAndLogsIn(t *testing.T, pkg string) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	authDir := t.TempDir()
	first, me := pairedPeer(ctx, t, srv, pkg, "Baileys Bot", authDir)
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	// A message received before the restart also means the app-state key from the phone was taken in
	// (Baileys 6 delivers no messages before), and is saved with the auth state on exit.
	bob.SendText(t, me, "before restart")
	waitMessage(ctx, t, first, "a message before the restart", func(e Event) bool { return textIs(e, "before restart") })
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := StartPeer(ctx, PeerOptions{WSURL: "ws://" + srv.Addr() + "/ws/chat", AuthDir: authDir, Package: pkg, Stderr: logWriter(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	e, err := again.Wait(ctx, func(e Event) bool { return e.Ev == "open" || e.Ev == "qr" })
	if err != nil {
		t.Fatal(err)
	}
	if e.Ev != "open" || !strings.HasPrefix(e.ID, me.User+":") {
		t.Fatalf("restarted Baileys: %s, want a login as a device of %s", e.Line, me)
	}
	bob.SendText(t, me, "after restart")
	waitMessage(ctx, t, again, "a message after the restart", func(e Event) bool { return textIs(e, "after restart") })
}

// phoneSync has the account's virtual phone do for the Baileys device what a real phone does after
// linking (the testkit's simulator leaves it to tests): share the app-state key and, once the device
// acknowledged it, send the initial history sync. Baileys 6 holds back every event, messages.upsert
// included, until it has the key; Baileys 7 holds them for up to 20 s until history arrives.
func phoneSync(ctx context.Context, t *testing.T, srv *testkit.Server, dev types.JID) {
	t.Helper()
	if err := srv.Phones.SyncCompanion(ctx, dev); err != nil {
		t.Fatalf("phone sync of %s: %v", dev, err)
	}
}

// sameAccount reports whether jid (phone-number or LID form, any device) belongs to the account of pn.
func sameAccount(srv *testkit.Server, jid, pn types.JID) bool {
	acct, err := srv.Server.Accounts().Resolve(jid)
	return err == nil && acct.Phone == pn.User
}
