package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
)

// devFolder makes a temp folder holding the ping bot.
func devFolder(b *testing.B) (dir, bots string) {
	dir = b.TempDir()
	bots = filepath.Join(dir, "bots")
	if err := os.Mkdir(bots, 0o700); err != nil {
		b.Fatal(err)
	}
	writeBot(b, bots, "v1")
	return dir, bots
}

// BenchmarkDevStartup is `botrt dev` on a fresh folder until its bot's
// session is linked and online, and the process's peak memory by then.
func BenchmarkDevStartup(b *testing.B) {
	var rss float64
	for b.Loop() {
		dir, _ := devFolder(b)
		p := startBotrt(b, dir, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
		botNumber(b, p)
		b.StopTimer()
		rss = max(rss, botrttest.StatusMiB(b, p.Pid(), "VmHWM:"))
		p.Interrupt(b)
		b.StartTimer()
	}
	b.ReportMetric(rss, "peak-RSS-MiB")
}

// BenchmarkDevPingPong is one `!ping` from a person to its `pong` through
// `botrt dev`, as seen over the admin API (polled every millisecond, so the
// figure is an upper bound of the bot's own latency).
func BenchmarkDevPingPong(b *testing.B) {
	dir, _ := devFolder(b)
	p := startBotrt(b, dir, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
	api := botrttest.Admin{T: b, Base: "http://" + simAddr(b, p)}
	phone := botNumber(b, p)
	const person = "15550002"
	api.AddPerson(person, "Bo")
	count := func() int { return len(api.Received(person)) }
	for b.Loop() {
		n := count()
		api.Send(person, phone, "!ping")
		deadline := time.Now().Add(30 * time.Second)
		for count() == n {
			if time.Now().After(deadline) {
				b.Fatal("no pong within 30s")
			}
			time.Sleep(time.Millisecond)
		}
	}
	b.StopTimer()
	b.ReportMetric(botrttest.StatusMiB(b, p.Pid(), "VmHWM:"), "peak-RSS-MiB")
	p.Interrupt(b)
}
