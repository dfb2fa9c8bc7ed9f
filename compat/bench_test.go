package compat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// Load of BenchmarkEchoBot: latencySamples round trips one at a time on an otherwise idle bot, then
// echoSenders people sending at once, each the next message as soon as its previous one is answered.
const (
	latencySamples = 200
	echoSenders    = 4
)

// BenchmarkEchoBot drives bots/echo.js under Node+Baileys and under the botrt binary, one after the
// other, each on its own simulator with the same simulated people. Both bots are separate processes,
// so their CPU time and peak RSS (from /proc) are the bot's alone. Set-up, outside the timed loop:
// the first start (process start to connection 'open', pairing included: open-ms), a restart on the
// saved auth state (reopen-ms: the cold start of a linked bot), and latencySamples "!echo" round trips
// one at a time (p50-ms, p99-ms: a person's send to the reply's arrival). The timed loop is b.N
// messages from echoSenders people at once (msgs/s sustained, cpu-ms/1k: bot CPU per 1,000 replies).
// With BOTRT_BENCH_REPORT=<dir> it writes echo-bench.json and echo-bench.md with the botrt/Node ratios.
func BenchmarkEchoBot(b *testing.B) {
	dir, err := Dir()
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	if err := EnsureModules(ctx, dir); err != nil {
		b.Skip(err)
	}
	bin, cleanup, err := botrttest.Build()
	if err != nil {
		b.Fatal(err)
	}
	defer cleanup()
	src, err := os.ReadFile(filepath.Join(dir, "bots", "echo.js"))
	if err != nil {
		b.Fatal(err)
	}
	variants := []struct {
		name string
		opts func(srv *testkit.Server) PeerOptions
	}{
		{"node", func(srv *testkit.Server) PeerOptions {
			return PeerOptions{Script: "bots/echo.js", WorkDir: b.TempDir(),
				Env: []string{"WA_URL=ws://" + srv.Addr() + "/ws/chat"}}
		}},
		{"botrt", func(srv *testkit.Server) PeerOptions {
			scripts := b.TempDir()
			if err := os.WriteFile(filepath.Join(scripts, "echo.js"), src, 0o644); err != nil {
				b.Fatal(err)
			}
			return PeerOptions{Command: []string{bin, "run", "--server", srv.URL(), "--data", b.TempDir(), scripts}}
		}},
	}
	report := echoReport{Machine: machine()}
	for _, v := range variants {
		e := startEcho(ctx, b, v.opts)
		b.Run(v.name, func(b *testing.B) { e.sustain(ctx, b) })
		e.result.PeakRSSMB = botrttest.StatusMiB(b, e.peer.Pid(), "VmHWM:")
		if err := e.peer.Close(); err != nil {
			b.Logf("closing the %s bot: %v", v.name, err)
		}
		if v.name == "node" {
			report.Node = e.result
		} else {
			report.Botrt = e.result
		}
	}
	report.Machine.LoadAfter = loadAverage()
	if out := os.Getenv(reportEnv); out != "" {
		if err := report.write(out); err != nil {
			b.Error(err)
		}
	}
}

// echoResult is one variant's figures (the timed part from the last, largest b.N run).
type echoResult struct {
	Messages   int     `json:"messages"`      // in the sustained phase
	OpenMS     float64 `json:"open_ms"`       // first start to 'open', pairing included
	ReopenMS   float64 `json:"reopen_ms"`     // restart on saved auth to 'open'
	P50MS      float64 `json:"p50_ms"`        // one message at a time
	P99MS      float64 `json:"p99_ms"`        // one message at a time
	MsgsPerS   float64 `json:"msgs_per_s"`    // sustained, echoSenders people at once
	CPUMSPer1k float64 `json:"cpu_ms_per_1k"` // bot process, sustained phase
	PeakRSSMB  float64 `json:"peak_rss_mb"`   // bot process, VmHWM at the end
}

// echoRun is one bot under load: its simulator, the people talking to it and its process.
type echoRun struct {
	srv    *testkit.Server
	bot    types.JID
	people []*echoPerson
	peer   *Peer
	result echoResult
}

// echoPerson is a simulated person who waits for each reply before sending again.
type echoPerson struct {
	c       *testkit.Client
	replies chan string // texts the bot sent this person
}

// startEcho starts a bot (opts), pairs it, restarts it on its saved auth state and measures the
// idle round-trip latency.
func startEcho(ctx context.Context, b *testing.B, opts func(*testkit.Server) PeerOptions) *echoRun {
	e := &echoRun{srv: testkit.NewServer(b)}
	for i := range echoSenders {
		p := &echoPerson{c: testkit.NewClient(b, e.srv, testkit.Name(fmt.Sprintf("Person %d", i))), replies: make(chan string, 16)}
		p.c.WA.AddEventHandler(func(evt any) {
			if m, ok := evt.(*events.Message); ok && !m.Info.IsFromMe {
				p.replies <- m.Message.GetConversation() + m.Message.GetExtendedTextMessage().GetText()
			}
		})
		e.people = append(e.people, p)
	}
	po := opts(e.srv)
	start := time.Now()
	e.peer = e.launch(ctx, b, po)
	ev, err := e.peer.Wait(ctx, func(e Event) bool { return e.Ev == "qr" || e.Ev == "open" })
	if err != nil {
		b.Fatal(err)
	}
	if ev.Ev == "qr" { // botrt run links through the admin API by itself; Node's bot needs the phone
		if _, err := e.srv.Pairer.Link(ctx, ev.QR, auth.LinkOptions{Name: "Bot"}); err != nil {
			b.Fatal(err)
		}
		if ev, err = e.peer.WaitEv(ctx, "open"); err != nil {
			b.Fatal(err)
		}
	}
	e.result.OpenMS = msSince(start)
	if e.bot, err = types.ParseJID(ev.ID); err != nil {
		b.Fatalf("open event %s: %v", ev.Line, err)
	}
	e.bot = e.bot.ToNonAD()
	if err := e.peer.Close(); err != nil {
		b.Fatalf("stopping the bot before its restart: %v", err)
	}
	start = time.Now()
	e.peer = e.launch(ctx, b, po)
	if ev, err := e.peer.Wait(ctx, func(e Event) bool { return e.Ev == "qr" || e.Ev == "open" }); err != nil || ev.Ev != "open" {
		b.Fatalf("restarted bot: %s %v, want 'open' from its saved auth state", ev.Line, err)
	}
	e.result.ReopenMS = msSince(start)

	for i, p := range e.people { // the first message of each person sets up the Signal sessions
		if _, err := p.echo(ctx, e.bot, fmt.Sprintf("warm-up %d", i)); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, latencySamples)
	for i := range latencySamples {
		d, err := e.people[0].echo(ctx, e.bot, "idle "+strconv.Itoa(i))
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, d)
	}
	slices.Sort(lat)
	pct := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	e.result.P50MS, e.result.P99MS = pct(0.5), pct(0.99)
	return e
}

func (e *echoRun) launch(ctx context.Context, b *testing.B, opts PeerOptions) *Peer {
	p, err := StartPeer(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// sustain is the timed loop: b.N messages from all people at once.
func (e *echoRun) sustain(ctx context.Context, b *testing.B) {
	var next sync.Mutex
	sent := 0
	take := func() (int, bool) { // the next message number, while fewer than b.N were taken
		next.Lock()
		defer next.Unlock()
		sent++
		return sent, sent <= b.N
	}
	cpu0 := cpuTime(b, e.peer.Pid())
	b.ResetTimer()
	t0 := time.Now()
	gctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	errs := make([]error, len(e.people))
	for i, p := range e.people {
		wg.Go(func() {
			for n, ok := take(); ok; n, ok = take() {
				if _, errs[i] = p.echo(gctx, e.bot, fmt.Sprintf("p%d m%d", i, n)); errs[i] != nil {
					stop() // one person's failure ends the others' waits
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(t0)
	b.StopTimer()
	cpu := cpuTime(b, e.peer.Pid()) - cpu0
	e.result.Messages = b.N
	e.result.MsgsPerS = float64(b.N) / elapsed.Seconds()
	e.result.CPUMSPer1k = float64(cpu.Milliseconds()) * 1000 / float64(b.N)
	b.ReportMetric(e.result.OpenMS, "open-ms")
	b.ReportMetric(e.result.ReopenMS, "reopen-ms")
	b.ReportMetric(e.result.P50MS, "p50-ms")
	b.ReportMetric(e.result.P99MS, "p99-ms")
	b.ReportMetric(e.result.MsgsPerS, "msgs/s")
	b.ReportMetric(e.result.CPUMSPer1k, "cpu-ms/1k")
}

// echo sends "!echo text" to the bot and waits for text to come back; it returns the round trip.
func (p *echoPerson) echo(ctx context.Context, bot types.JID, text string) (time.Duration, error) {
	t0 := time.Now()
	msg := &waE2E.Message{Conversation: proto.String("!echo " + text)}
	if _, err := store.SendMessage(ctx, p.c.WA, bot, msg, whatsmeow.SendRequestExtra{}); err != nil {
		return 0, fmt.Errorf("%s: send %q: %w", p.c.Name(), text, err)
	}
	for {
		select {
		case got := <-p.replies:
			if got == text {
				return time.Since(t0), nil
			}
		case <-ctx.Done():
			return 0, fmt.Errorf("%s: no reply %q: %w", p.c.Name(), text, ctx.Err())
		case <-time.After(testkit.Timeout):
			return 0, fmt.Errorf("%s: no reply %q within %v", p.c.Name(), text, testkit.Timeout)
		}
	}
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// reportEnv names a folder where the benchmarks write their reports.
const reportEnv = "BOTRT_BENCH_REPORT"

// echoReport is echo-bench.json.
type echoReport struct {
	Time    string      `json:"time"`
	Machine machineInfo `json:"machine"`
	Senders int         `json:"senders"`
	Node    echoResult  `json:"node"`
	Botrt   echoResult  `json:"botrt"`
	Ratios  echoResult  `json:"botrt_over_node"`
}

// write adds the botrt/Node ratios and writes the report as JSON and as a markdown table.
func (r echoReport) write(dir string) error {
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	n, m := r.Node, r.Botrt
	r.Time, r.Senders = time.Now().UTC().Format(time.RFC3339), echoSenders
	r.Ratios = echoResult{OpenMS: ratio(m.OpenMS, n.OpenMS), ReopenMS: ratio(m.ReopenMS, n.ReopenMS),
		P50MS: ratio(m.P50MS, n.P50MS), P99MS: ratio(m.P99MS, n.P99MS), MsgsPerS: ratio(m.MsgsPerS, n.MsgsPerS),
		CPUMSPer1k: ratio(m.CPUMSPer1k, n.CPUMSPer1k), PeakRSSMB: ratio(m.PeakRSSMB, n.PeakRSSMB)}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	var md strings.Builder
	fmt.Fprintf(&md, "| echo bot | first start → open, pairing included (ms) | restart → open (ms) | reply p50 (ms) | reply p99 (ms) | msgs/s, %d people at once | CPU ms / 1,000 msgs | peak RSS (MB) |\n", echoSenders)
	md.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(name string, e echoResult, f string) {
		fmt.Fprintf(&md, "| %s |"+strings.Repeat(" "+f+" |", 7)+"\n", name,
			e.OpenMS, e.ReopenMS, e.P50MS, e.P99MS, e.MsgsPerS, e.CPUMSPer1k, e.PeakRSSMB)
	}
	row("Node + Baileys 7.0.0-rc14", n, "%.1f")
	row("botrt", m, "%.1f")
	row("botrt / Node", r.Ratios, "%.2f")
	fmt.Fprintf(&md, "\n%s\n", r.Machine)
	if err := os.WriteFile(filepath.Join(dir, "echo-bench.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "echo-bench.md"), []byte(md.String()), 0o644)
}

// cpuTime is the user+system CPU time of process pid (Linux /proc; clock ticks of 10 ms).
func cpuTime(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("parse /proc/%d/stat: %v %v", pid, err1, err2)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// machineInfo describes where a benchmark ran: on a shared machine the load beside it matters.
type machineInfo struct {
	CPU        string     `json:"cpu"`
	Cores      int        `json:"cores"`
	LoadBefore [3]float64 `json:"load_before"` // /proc/loadavg: 1, 5 and 15 minutes
	LoadAfter  [3]float64 `json:"load_after"`
}

// machine reads the CPU model, the number of cores and the load average now.
func machine() machineInfo {
	m := machineInfo{CPU: "unknown", Cores: goruntime.NumCPU(), LoadBefore: loadAverage()}
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(raw), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	return m
}

func (m machineInfo) String() string {
	return fmt.Sprintf("Machine: %s, %d cores; load average (1/5/15 min) %.2f %.2f %.2f before, %.2f %.2f %.2f after.",
		m.CPU, m.Cores, m.LoadBefore[0], m.LoadBefore[1], m.LoadBefore[2], m.LoadAfter[0], m.LoadAfter[1], m.LoadAfter[2])
}

// loadAverage is /proc/loadavg's first three fields (zeros where unavailable).
func loadAverage() [3]float64 {
	var l [3]float64
	if raw, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(raw))
		for i := range min(3, len(f)) {
			l[i], _ = strconv.ParseFloat(f[i], 64)
		}
	}
	return l
}
