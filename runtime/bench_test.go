package runtime_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// BenchmarkEventDelivery measures events per second delivered from another
// goroutine through RegisterCallback into a JS handler that reads the event.
func BenchmarkEventDelivery(b *testing.B) {
	sock := runtimetest.NewSock()
	e := runtimetest.Start(b, runtimetest.Options{
		Files: map[string]string{"bot.js": `
const sock = require('sock')
let n = 0, chars = 0
sock.ev.on('msg', (m) => {
	chars += m.text.length
	if (++n === m.last) sock.send('done ' + n)
})
`},
		Modules: map[string]runtime.Module{"sock": sock.Module()},
	})
	e.Logs.Quiet()
	e.WaitEvent("bot", runtime.EventStarted)
	total := b.N
	b.ResetTimer()
	start := time.Now()
	for range total {
		if err := sock.Emit("bot", "msg", map[string]any{"text": "!ping hello", "last": total}); err != nil {
			b.Fatal(err)
		}
	}
	if got := sock.WaitSent(b, "bot").Text(); got != fmt.Sprintf("done %d", total) {
		b.Fatalf("got %q", got)
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "events/s")
}

// BenchmarkSaveToLive measures from writing a new version of a bot to the
// new version answering: debounce (50 ms default) + compile + load + swap.
func BenchmarkSaveToLive(b *testing.B) {
	sock := runtimetest.NewSock()
	bot := func(i int) string {
		return fmt.Sprintf("const sock = require('sock')\nsock.ev.on('msg', () => sock.send('v%d'))\n", i)
	}
	e := runtimetest.Start(b, runtimetest.Options{
		Files:   map[string]string{"bot.js": bot(0)},
		Modules: map[string]runtime.Module{"sock": sock.Module()},
	})
	e.Logs.Quiet()
	e.WaitEvent("bot", runtime.EventStarted)
	var lat []time.Duration
	for i := 1; b.Loop(); i++ {
		t0 := time.Now()
		e.Write("bot.js", bot(i))
		e.WaitEvent("bot", runtime.EventReloaded)
		lat = append(lat, time.Since(t0))
		if err := sock.Emit("bot", "msg", nil); err != nil {
			b.Fatal(err)
		}
		if got := sock.WaitSent(b, "bot").Text(); got != fmt.Sprintf("v%d", i) {
			b.Fatalf("got %q", got)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
