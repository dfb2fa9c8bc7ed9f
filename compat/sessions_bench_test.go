package compat

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/sim/admin"
	"github.com/botrt/botrt/sim/testkit"
)

// sessionsBot opens N (%[1]d) Baileys sockets in one script, each with its own useMultiFileAuthState
// folder (sN_0, sN_1, ...: each folder is one botrt session, and names its simulator account), and answers "!echo <text>" on every one. It
// reconnects after a close that is not a logout, as the 515 restart after pairing requires.
const sessionsBot = `const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
async function start(i) {
	const { state, saveCreds } = await useMultiFileAuthState('s%[1]d_' + i)
	const sock = makeWASocket({ auth: state, printQRInTerminal: false })
	sock.ev.on('creds.update', saveCreds)
	sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
		if (connection === 'open') console.log(JSON.stringify({ ev: 'open', id: sock.user.id }))
		if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start(i)
	})
	sock.ev.on('messages.upsert', async ({ messages, type }) => {
		if (type !== 'notify') return
		for (const m of messages) {
			const text = m.message?.conversation || m.message?.extendedTextMessage?.text || ''
			if (!m.key.fromMe && text.startsWith('!echo ')) await sock.sendMessage(m.key.remoteJid, { text: text.slice(6) })
		}
	})
}
for (let i = 0; i < %[1]d; i++) start(i)
`

// sessionCounts are the numbers of sessions BenchmarkSessions runs in one botrt process.
var sessionCounts = []int{10, 100, 1000}

// sessionsProbe is how many randomly chosen sessions the timed loop sends to.
const sessionsProbe = 5

// BenchmarkSessions runs one botrt binary (`botrt run --server` against the simulator) with N sessions
// opened by one script, for each N of sessionCounts. Set-up happens once per N, outside the timed loop:
// process start, pairing of every session through the simulator's admin API, until all N are 'open'
// (open-s), then the process' resident set (rss-MB, and per session rss-KB/session). The timed loop
// sends "!echo" to sessionsProbe random sessions in turn and waits for each reply (ns/op: one round trip
// on a process holding N sessions). With BOTRT_BENCH_REPORT=<dir> it writes sessions-bench.json and
// sessions-bench.md.
func BenchmarkSessions(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	botrtBin, cleanup, err := botrttest.Build()
	if err != nil {
		b.Fatal(err)
	}
	defer cleanup()
	ns, err := counts()
	if err != nil {
		b.Fatal(err)
	}
	srv := testkit.NewServer(b)
	alice := testkit.NewClient(b, srv, testkit.Name("Alice"))
	var results []sessionsResult
	m := machine()
	for _, n := range ns {
		// Set-up runs here, once, rather than in the sub-benchmark, which runs again for each b.N.
		r, p, jids := startSessions(b, ctx, srv, botrtBin, n)
		b.Run("sessions="+strconv.Itoa(n), func(b *testing.B) {
			probe := make([]types.JID, sessionsProbe)
			for i := range probe {
				probe[i] = jids[rand.IntN(len(jids))]
				echoSession(b, alice, probe[i], fmt.Sprintf("warm %d", i)) // Signal session set-up
			}
			b.ResetTimer()
			for i := range b.N {
				echoSession(b, alice, probe[i%len(probe)], fmt.Sprintf("n%d i%d", n, i))
			}
			b.StopTimer()
			b.ReportMetric(r.OpenS, "open-s")
			b.ReportMetric(r.RSSMB, "rss-MB")
			b.ReportMetric(r.RSSKBPerSession, "rss-KB/session")
		})
		r.PeakRSSMB = botrttest.StatusMiB(b, p.Pid(), "VmHWM:")
		results = append(results, r)
		if err := p.Close(); err != nil {
			b.Logf("closing botrt with %d sessions: %v", n, err)
		}
	}
	if out := os.Getenv(reportEnv); out != "" {
		m.LoadAfter = loadAverage()
		if err := writeSessionsReport(out, m, results); err != nil {
			b.Error(err)
		}
	}
}

// sessionsResult is the figures of one botrt process holding Sessions sessions.
type sessionsResult struct {
	Sessions int     `json:"sessions"`
	OpenS    float64 `json:"open_s"` // process start to the last session 'open'
	// Process start to the median and the 90th percentile session's 'open': a straggler shows as an
	// open_s far above open_p90_s.
	OpenP50S float64 `json:"open_p50_s"`
	OpenP90S float64 `json:"open_p90_s"`
	// CPU seconds spent until all were open, by the botrt process and by the benchmark's own process
	// (the simulator serving every pairing and login): which side the start-up waits for.
	BotCPUS         float64 `json:"bot_cpu_s"`
	SimCPUS         float64 `json:"sim_cpu_s"`
	RSSMB           float64 `json:"rss_mb"` // VmRSS once all are open
	RSSKBPerSession float64 `json:"rss_kb_per_session"`
	PeakRSSMB       float64 `json:"peak_rss_mb"` // VmHWM at the end, echo traffic included
}

// startSessions starts botrt with n sessions and waits until every one reported 'open'; it returns
// the figures so far, the process and the sessions' account JIDs.
func startSessions(b *testing.B, ctx context.Context, srv *testkit.Server, bin string, n int) (sessionsResult, *Peer, []types.JID) {
	scripts := b.TempDir()
	if err := os.WriteFile(filepath.Join(scripts, "sessions.js"), fmt.Appendf(nil, sessionsBot, n), 0o644); err != nil {
		b.Fatal(err)
	}
	start, simCPU0 := time.Now(), cpuTime(b, os.Getpid())
	p, err := StartPeer(ctx, PeerOptions{Command: []string{bin, "run", "--server", srv.URL(), "--data", b.TempDir(), scripts}})
	if err != nil {
		b.Fatal(err)
	}
	// A generous bound (pairing, the 515 restart and login per session on a shared 2-core machine), so a
	// session that never opens fails the run with the names of the missing ones instead of hanging.
	octx, ocancel := context.WithTimeout(ctx, time.Minute+time.Duration(n)*200*time.Millisecond)
	defer ocancel()
	seen := map[types.JID]bool{}
	jids := make([]types.JID, 0, n)
	opened := make([]float64, 0, n) // seconds since start, in order
	for len(jids) < n {
		e, err := p.WaitEv(octx, "open")
		if err != nil {
			missing := notOpen(srv, p, n, seen) // while botrt still runs
			p.Close()
			b.Fatalf("%d of %d sessions open after %v (%v); not open:\n%s", len(jids), n, time.Since(start).Round(time.Second),
				octx.Err(), missing)
		}
		jid, err := types.ParseJID(e.ID)
		if err != nil {
			p.Close()
			b.Fatalf("open event id %q: %v", e.ID, err)
		}
		if jid = jid.ToNonAD(); !seen[jid] {
			seen[jid] = true
			jids = append(jids, jid)
			opened = append(opened, time.Since(start).Seconds())
		}
	}
	mb := botrttest.StatusMiB(b, p.Pid(), "VmRSS:")
	return sessionsResult{Sessions: n, OpenS: opened[n-1], OpenP50S: opened[(n-1)/2], OpenP90S: opened[(n-1)*9/10],
		BotCPUS: cpuTime(b, p.Pid()).Seconds(), SimCPUS: (cpuTime(b, os.Getpid()) - simCPU0).Seconds(),
		RSSMB: mb, RSSKBPerSession: mb * 1024 / float64(n)}, p, jids
}

// notOpen describes the sessions (sN_i, the simulator's account names) that did not report 'open':
// whether the simulator linked an account for it, its devices' connection state, and what botrt
// printed about it.
func notOpen(srv *testkit.Server, p *Peer, n int, seen map[types.JID]bool) string {
	accts, err := srv.Admin.Accounts()
	if err != nil {
		return err.Error()
	}
	byName := map[string]admin.AccountInfo{}
	for _, a := range accts {
		byName[a.Name] = a
	}
	var out strings.Builder
	for i := range n {
		name := fmt.Sprintf("s%d_%d", n, i)
		a, linked := byName[name]
		if linked {
			if jid, err := types.ParseJID(a.JID); err == nil && seen[jid] {
				continue
			}
		}
		fmt.Fprintf(&out, "%s: linked=%t devices=%+v\n", name, linked, a.Devices)
		for _, line := range peerLines(p, name) {
			fmt.Fprintf(&out, "  %s\n", line)
		}
	}
	return out.String()
}

// peerLines returns the lines the peer printed so far that contain s.
func peerLines(p *Peer, s string) []string {
	var lines []string
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	// A wait that takes nothing visits every recorded line once, then ends with the short deadline.
	_, _ = p.Wait(ctx, func(e Event) bool {
		if strings.Contains(e.Line, s) {
			lines = append(lines, e.Line)
		}
		return false
	})
	return lines
}

// echoSession has alice send "!echo text" to the bot account to and waits for the echoed text.
func echoSession(b *testing.B, alice *testkit.Client, to types.JID, text string) {
	alice.SendText(b, to, "!echo "+text)
	alice.WaitMessage(b, testkit.Text(text))
}

// writeSessionsReport writes the figures as JSON and as a markdown table; the marginal column is the
// extra resident memory per extra session relative to the smallest run, which takes the fixed cost of
// the process (runtime, JS engine, bundled modules) out of the per-session figure.
func writeSessionsReport(dir string, m machineInfo, res []sessionsResult) error {
	js, err := json.MarshalIndent(map[string]any{"time": time.Now().UTC().Format(time.RFC3339), "machine": m, "runs": res}, "", "  ")
	if err != nil {
		return err
	}
	var md strings.Builder
	md.WriteString("| sessions | start to all open (s) | half open (s) | 90 % open (s) | CPU botrt / simulator (s) | RSS (MB) | RSS / session (KB) | marginal RSS / session (KB) | peak RSS (MB) |\n")
	md.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range res {
		marginal := "–"
		if base := res[0]; r.Sessions > base.Sessions {
			marginal = fmt.Sprintf("%.0f", (r.RSSMB-base.RSSMB)*1024/float64(r.Sessions-base.Sessions))
		}
		fmt.Fprintf(&md, "| %d | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f | %.0f | %s | %.1f |\n", r.Sessions, r.OpenS, r.OpenP50S, r.OpenP90S,
			r.BotCPUS, r.SimCPUS, r.RSSMB, r.RSSKBPerSession, marginal, r.PeakRSSMB)
	}
	fmt.Fprintf(&md, "\n%s\n", m)
	if err := os.WriteFile(filepath.Join(dir, "sessions-bench.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sessions-bench.md"), []byte(md.String()), 0o644)
}

// sessionsEnv overrides sessionCounts with a comma-separated list (e.g. "10,100" for a quick run).
const sessionsEnv = "BOTRT_BENCH_SESSIONS"

// counts is sessionCounts, or the list in sessionsEnv.
func counts() ([]int, error) {
	v := os.Getenv(sessionsEnv)
	if v == "" {
		return sessionCounts, nil
	}
	var ns []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s=%q: want positive session counts separated by commas", sessionsEnv, v)
		}
		ns = append(ns, n)
	}
	return ns, nil
}
