package compat

import (
	"context"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// historyTimeoutLog is what Baileys 7 logs when no history sync arrived within 20 s of the offline
// marker, after which it releases the events it buffered.
const historyTimeoutLog = "Timeout in AwaitingInitialSync"

// Baileys' warnings that the test lets pass, with the reason.
var (
	restartWarning = expectedWarning{"stream errored out", `"code":"515"`,
		"pairing ends with stream error 515, the restart WhatsApp requires too"}
	noNameWarning = expectedWarning{"no name present, ignoring presence update request...", "",
		"at the first open after pairing Baileys has no push name yet: it comes with the app-state sync after open"}
)

type expectedWarning struct{ msg, detail, why string }

// unexpectedWarnings returns the probe's warnings and errors that none of expected explains.
func unexpectedWarnings(p *probe, expected ...expectedWarning) string {
	var out []string
next:
	for _, l := range p.logLines(pinoWarn) {
		for _, w := range expected {
			if l.Msg == w.msg && strings.Contains(l.String(), w.detail) {
				continue next
			}
		}
		out = append(out, l.String())
	}
	return strings.Join(out, "\n")
}

// TestSimBaileysStartup checks what the simulator does for Baileys 7's start-up, on the login after
// pairing and on a login from the saved auth state: it marks the end of the offline queue, its
// virtual phone bootstraps history sync at once, and every start-up query is answered.
func TestSimBaileysStartup(t *testing.T) {
	srv := testkit.NewServer(t, testkit.PhoneSync())
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	authDir := t.TempDir()
	p, _, dev := linkProbe(ctx, t, srv, authDir, auth.LinkOptions{Name: "Probe"})

	// Offline marker: <ib><offline/> makes Baileys report receivedPendingNotifications (it may come
	// before 'open', which Baileys 7 emits only after its digest query).
	p.next(ctx, "pending", nil)

	// History bootstrap: the phone's INITIAL_BOOTSTRAP (0) ends Baileys' wait for history sync, so
	// the history event comes before Baileys gives up waiting (it would log historyTimeoutLog).
	h := p.next(ctx, "history", nil)
	if h.SyncType == nil || *h.SyncType != 0 {
		t.Errorf("first history sync %s, want syncType 0 (INITIAL_BOOTSTRAP)", h.line)
	}
	for _, l := range p.logLines(0) {
		if strings.Contains(l.Msg, historyTimeoutLog) && l.MS <= h.MS {
			t.Errorf("Baileys waited out its history timeout before the bootstrap: %s", l)
		}
	}

	// A message round trip after the start-up, so that the answers to the queries Baileys sent at
	// open (props, blocklist, privacy, digest, ...) have all come back before the logs are read.
	roundTrip := func(p *probe, text string) {
		t.Helper()
		bob.SendText(t, dev.ToNonAD(), text)
		p.next(ctx, "message", func(e probeEvent) bool { return e.Text != nil && *e.Text == text })
	}
	roundTrip(p, "after pairing")
	if warn := unexpectedWarnings(p, restartWarning, noNameWarning); warn != "" {
		t.Errorf("Baileys logged warnings or errors at start-up after pairing:\n%s", warn)
	}

	// A new process on the saved auth state: it logs in without pairing, gets the offline marker
	// again, its start-up queries are answered too, and it knows its push name from the phone's app
	// state, so its presence at open goes out.
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	again := startProbe(ctx, t, srv, authDir)
	if e, err := again.Wait(ctx, func(e Event) bool { return e.Ev == "open" || e.Ev == "qr" }); err != nil || e.Ev != "open" {
		t.Fatalf("restarted Baileys: %s %v, want a login with the saved auth state", e.Line, err)
	}
	again.next(ctx, "pending", nil)
	roundTrip(again, "after restart")
	if warn := unexpectedWarnings(again); warn != "" {
		t.Errorf("Baileys logged warnings or errors at start-up from saved auth state:\n%s", warn)
	}
}
