package runtime

import (
	"context"
	"runtime/metrics"
	"time"
)

// watchdog interrupts scripts that overrun their time budget and, when a heap
// limit is set, the scripts running while the process heap is above it.
//
// What the heap check can and cannot catch: goja has no per-runtime memory
// accounting, so the check samples the whole process's live heap objects
// (runtime/metrics) every tick and blames the bots that are running JS at
// that moment. It catches a script growing memory in a loop (arrays, string
// concatenation) within a tick or two. It cannot catch a single huge native
// allocation: that is one Go allocation that may kill the process before any
// sampling (guards.go turns the common one-liners into RangeErrors), and it cannot
// attribute memory retained by an idle bot (the host then only logs a
// warning). The only hard limit is a separate OS process per bot.
func (h *Host) watchdog(ctx context.Context) {
	tick := time.NewTicker(h.opts.WatchdogTick)
	defer tick.Stop()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var warned time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := time.Now()
		var heapNow uint64
		over := false
		if h.opts.HeapLimit > 0 {
			metrics.Read(sample)
			heapNow = sample[0].Value.Uint64()
			over = heapNow > h.opts.HeapLimit
		}
		blamed := false
		for _, inst := range h.liveInstances() {
			inst.loop.interruptIf(func(since time.Time, budget time.Duration) any {
				if over {
					blamed = true
					return heapExceeded{heap: heapNow, limit: h.opts.HeapLimit}
				}
				if budget > 0 && now.Sub(since) > budget {
					return budgetExceeded{budget: budget}
				}
				return nil
			})
		}
		if over && !blamed && now.Sub(warned) > time.Minute {
			warned = now
			h.log.Warn("heap above the limit while no bot is running; memory held by idle bots cannot be attributed",
				"heap_mib", heapNow>>20, "limit_mib", h.opts.HeapLimit>>20)
		}
	}
}
