package compat

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/appstate"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// TestSimBaileysAppStateSync: Baileys 7, linked as a second device of an account whose whatsmeow
// device changed its push name (critical_block, after the phone's own entry), muted a chat
// (regular_high) and archived another (regular_low), syncs every collection in one go after the history
// bootstrap, which the phone sends once Baileys acknowledged the key share: it reaches each of those
// versions and the phone's initial version of the others (its MAC checks passed, also of the phone's
// empty patches), learns the new push name, never waits for the key, and logs nothing unexpected.
func TestSimBaileysAppStateSync(t *testing.T) {
	srv := testkit.NewServer(t, testkit.PhoneSync())
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	carol := testkit.NewClient(t, srv, testkit.Name("Carol"))
	alice.EnableAppState(t)
	for _, patch := range []appstate.PatchInfo{
		appstate.BuildSettingPushName("Alice Renamed"),
		appstate.BuildMute(bob.UserJID(), true, time.Hour),
		appstate.BuildArchive(carol.UserJID(), true, time.Now(), nil),
	} {
		if err := alice.WA.SendAppState(ctx, patch); err != nil {
			t.Fatalf("alice's %s patch: %v", patch.Type, err)
		}
	}

	authDir := t.TempDir()
	p, _, _ := linkProbe(ctx, t, srv, authDir, auth.LinkOptions{Phone: alice.UserJID().User})
	// The phone's initial state is version 1 of every collection (its own push name in critical_block),
	// alice's changes version 2.
	p.next(ctx, "name", func(e probeEvent) bool { return e.Name == "Alice Renamed" })
	for _, coll := range []appstate.WAPatchName{appstate.WAPatchCriticalBlock, appstate.WAPatchRegularHigh, appstate.WAPatchRegularLow} {
		waitSyncedVersion(ctx, t, authDir, string(coll), 2)
	}
	for _, coll := range []appstate.WAPatchName{appstate.WAPatchCriticalUnblockLow, appstate.WAPatchRegular} {
		waitSyncedVersion(ctx, t, authDir, string(coll), 1)
	}
	if warn := unexpectedWarnings(p, restartWarning, noNameWarning); warn != "" {
		t.Errorf("Baileys logged warnings or errors during app-state sync:\n%s", warn)
	}
	// The phone shares the key before the history bootstrap that starts the sync: no collection may
	// have waited for it, even one whose retry then succeeded (logged below warning level).
	for _, l := range p.logLines(0) {
		if strings.Contains(l.Msg, "missing key") {
			t.Errorf("Baileys synced before it had the app-state key: %s", l)
		}
	}
}

// waitSyncedVersion waits until Baileys saved version want of a collection's app state in its
// multi-file auth state.
func waitSyncedVersion(ctx context.Context, t *testing.T, authDir, coll string, want uint64) {
	t.Helper()
	file := filepath.Join(authDir, "app-state-sync-version-"+coll+".json")
	var v struct{ Version uint64 }
	for {
		raw, err := os.ReadFile(file)
		if err == nil && json.Unmarshal(raw, &v) == nil && v.Version == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("Baileys' app state of %s: version %d (%v), want %d", coll, v.Version, err, want)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
