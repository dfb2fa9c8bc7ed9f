package runtime

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"
	"testing"
)

// idleBot is a typical small bot at rest: a handler registered, a timer pending.
const idleBot = `
const seen = new Map()
globalThis.onMessage = (m) => { seen.set(m.from, (seen.get(m.from) ?? 0) + 1); return 'hi ' + m.from }
setInterval(() => seen.clear(), 3600 * 1000)
`

func benchHost(b *testing.B) (*Host, string) {
	b.Helper()
	dir := b.TempDir()
	entry := filepath.Join(dir, "bot.js")
	if err := os.WriteFile(entry, []byte(idleBot), 0o644); err != nil {
		b.Fatal(err)
	}
	h, err := New(Options{ScriptsDir: dir, DataDir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h.ctx = context.Background()
	return h, filepath.Join(h.root, "bot.js")
}

// startGeneration starts one generation and waits until it loaded.
func startGeneration(b *testing.B, h *Host, entry string, gen int, reports chan report) *instance {
	inst := h.newInstance("bot", entry, gen)
	go inst.run(reports)
	if r := <-reports; r.err != nil {
		b.Fatal(r.err)
	}
	return inst
}

// BenchmarkRuntimeStart measures a new generation: runtime, loop, console,
// timers, loading a small bot (compiled program cached, as on a reload of
// another file), up to the point it runs.
func BenchmarkRuntimeStart(b *testing.B) {
	h, entry := benchHost(b)
	reports := make(chan report, 2)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		inst := startGeneration(b, h, entry, i, reports)
		inst.stop(errStopped)
		<-reports
	}
}

// BenchmarkIdleBots measures the heap an idle loaded bot holds, and how many
// such bots fit in 1 GiB of heap.
func BenchmarkIdleBots(b *testing.B) {
	const n = 200
	h, entry := benchHost(b)
	reports := make(chan report, 2*n)
	for b.Loop() {
		var before, after goruntime.MemStats
		goruntime.GC()
		goruntime.ReadMemStats(&before)
		bots := make([]*instance, n)
		for i := range bots {
			bots[i] = startGeneration(b, h, entry, i, reports)
		}
		goruntime.GC()
		goruntime.ReadMemStats(&after)
		per := float64(after.HeapAlloc-before.HeapAlloc) / n
		b.ReportMetric(per/1024, "KiB/bot")
		b.ReportMetric((1<<30)/per, "bots/GiB")
		for _, inst := range bots {
			inst.stop(errStopped)
		}
		for range bots {
			<-reports
		}
	}
}
