package compat

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// BenchmarkEchoBot drives bots/echo.js under Node+Baileys and under the botrt binary, one after the
// other on the same kind of simulator, with a whatsmeow user sending "!echo n" and waiting for each
// reply (so ns/op is the round trip and msgs/s its inverse). Both bots are separate processes, so
// their CPU time and peak RSS (from /proc) are the bot's alone. Reported per variant: open-ms (process
// start to connection 'open', pairing included), p50-ms and p99-ms (inbound → reply), msgs/s,
// cpu-ms/1k (bot CPU per 1,000 replies), peak-rss-MB.
func BenchmarkEchoBot(b *testing.B) {
	dir, err := Dir()
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := EnsureModules(ctx, dir); err != nil {
		b.Skip(err)
	}
	botrtBin := filepath.Join(b.TempDir(), "botrt")
	build := exec.CommandContext(ctx, "go", "build", "-o", botrtBin, "github.com/botrt/botrt/cmd/botrt")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build botrt: %v\n%s", err, out)
	}
	results := map[string]echoResult{}
	defer func() {
		if out := os.Getenv(reportEnv); out != "" && len(results) == 2 {
			if err := writeReport(out, results); err != nil {
				b.Error(err)
			}
		}
	}()
	b.Run("node", func(b *testing.B) {
		results["node"] = benchEcho(b, func(srv *testkit.Server) PeerOptions {
			return PeerOptions{Script: "bots/echo.js", WorkDir: b.TempDir(),
				Env: []string{"WA_URL=ws://" + srv.Addr() + "/ws/chat"}}
		})
	})
	b.Run("botrt", func(b *testing.B) {
		results["botrt"] = benchEcho(b, func(srv *testkit.Server) PeerOptions {
			scripts := b.TempDir()
			src, err := os.ReadFile(filepath.Join(dir, "bots", "echo.js"))
			if err == nil {
				err = os.WriteFile(filepath.Join(scripts, "echo.js"), src, 0o644)
			}
			if err != nil {
				b.Fatal(err)
			}
			return PeerOptions{Command: []string{botrtBin, "run", "--server", srv.URL(), "--data", b.TempDir(), scripts}}
		})
	})
}

// echoResult is one variant's figures (the last, largest b.N run).
type echoResult struct {
	Messages   int     `json:"messages"`
	OpenMS     float64 `json:"open_ms"`
	P50MS      float64 `json:"p50_ms"`
	P99MS      float64 `json:"p99_ms"`
	MsgsPerS   float64 `json:"msgs_per_s"`
	CPUMSPer1k float64 `json:"cpu_ms_per_1k"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
}

func benchEcho(b *testing.B, opts func(*testkit.Server) PeerOptions) echoResult {
	srv := testkit.NewServer(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	alice := testkit.NewClient(b, srv, testkit.Name("Alice"))
	start := time.Now()
	p, err := StartPeer(ctx, opts(srv))
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	e, err := p.Wait(ctx, func(e Event) bool { return e.Ev == "qr" || e.Ev == "open" })
	if err != nil {
		b.Fatal(err)
	}
	if e.Ev == "qr" { // botrt run links through the admin API by itself; Node's bot needs the phone
		if _, err := srv.Pairer.Link(ctx, e.QR, auth.LinkOptions{Name: "Bot"}); err != nil {
			b.Fatal(err)
		}
		if _, err := p.WaitEv(ctx, "open"); err != nil {
			b.Fatal(err)
		}
	}
	openMS := float64(time.Since(start).Microseconds()) / 1000
	bot := botJID(b, srv, alice)
	echo := func(i int) time.Duration {
		want := "echo " + strconv.Itoa(i)
		t0 := time.Now()
		alice.SendText(b, bot, "!echo "+want)
		alice.WaitMessage(b, testkit.Text(want))
		return time.Since(t0)
	}
	echo(-1) // the first message sets up the Signal session both ways
	cpu0 := cpuTime(b, p.Pid())
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	t0 := time.Now()
	for i := range b.N {
		lat = append(lat, echo(i))
	}
	elapsed := time.Since(t0)
	b.StopTimer()
	cpu := cpuTime(b, p.Pid()) - cpu0
	slices.Sort(lat)
	pct := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	r := echoResult{Messages: b.N, OpenMS: openMS, P50MS: pct(0.5), P99MS: pct(0.99),
		MsgsPerS: float64(b.N) / elapsed.Seconds(), CPUMSPer1k: float64(cpu.Milliseconds()) * 1000 / float64(b.N),
		PeakRSSMB: peakRSS(b, p.Pid()) / (1 << 20)}
	b.ReportMetric(r.OpenMS, "open-ms")
	b.ReportMetric(r.P50MS, "p50-ms")
	b.ReportMetric(r.P99MS, "p99-ms")
	b.ReportMetric(r.MsgsPerS, "msgs/s")
	b.ReportMetric(r.CPUMSPer1k, "cpu-ms/1k")
	b.ReportMetric(r.PeakRSSMB, "peak-rss-MB")
	return r
}

// reportEnv names a folder where BenchmarkEchoBot writes echo-bench.json and echo-bench.md.
const reportEnv = "BOTRT_BENCH_REPORT"

// writeReport writes both variants and the botrt/node ratios as JSON and as a markdown table.
func writeReport(dir string, res map[string]echoResult) error {
	node, botrt := res["node"], res["botrt"]
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	report := map[string]any{
		"time": time.Now().UTC().Format(time.RFC3339), "node": node, "botrt": botrt,
		"botrt_over_node": echoResult{Messages: botrt.Messages, OpenMS: ratio(botrt.OpenMS, node.OpenMS),
			P50MS: ratio(botrt.P50MS, node.P50MS), P99MS: ratio(botrt.P99MS, node.P99MS),
			MsgsPerS: ratio(botrt.MsgsPerS, node.MsgsPerS), CPUMSPer1k: ratio(botrt.CPUMSPer1k, node.CPUMSPer1k),
			PeakRSSMB: ratio(botrt.PeakRSSMB, node.PeakRSSMB)},
	}
	js, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	var md strings.Builder
	md.WriteString("| echo bot | open (ms) | p50 (ms) | p99 (ms) | msgs/s | CPU ms / 1k msgs | peak RSS (MB) |\n")
	md.WriteString("|---|---|---|---|---|---|---|\n")
	row := func(name string, r echoResult, f string) {
		fmt.Fprintf(&md, "| %s | "+f+" | "+f+" | "+f+" | "+f+" | "+f+" | "+f+" |\n", name,
			r.OpenMS, r.P50MS, r.P99MS, r.MsgsPerS, r.CPUMSPer1k, r.PeakRSSMB)
	}
	row("Node + Baileys 7.0.0-rc14", node, "%.1f")
	row("botrt", botrt, "%.1f")
	row("botrt / Node", report["botrt_over_node"].(echoResult), "%.2f")
	if err := os.WriteFile(filepath.Join(dir, "echo-bench.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "echo-bench.md"), []byte(md.String()), 0o644)
}

// botJID is the one account besides alice's.
func botJID(b *testing.B, srv *testkit.Server, alice *testkit.Client) types.JID {
	accts, err := srv.Server.Accounts().Accounts()
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range accts {
		if a.Phone != alice.UserJID().User && !a.Person {
			return a.JID()
		}
	}
	b.Fatal("the bot's account is not in the simulator")
	return types.JID{}
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

// peakRSS is the peak resident set size (VmHWM) of process pid in bytes.
func peakRSS(b *testing.B, pid int) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatalf("parse VmHWM %q: %v", line, err)
			}
			return kb * 1024
		}
	}
	b.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}
