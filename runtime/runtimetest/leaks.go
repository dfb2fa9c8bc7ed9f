package runtimetest

import (
	"runtime"
	"testing"
	"time"
)

// NoLeaks records the goroutine count now and, when the test ends (after
// the cleanups registered later, such as Env.Stop), fails it if more
// goroutines remain than at the start. Call it first in a test; tests using
// it must not run in parallel.
func NoLeaks(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("goroutines leaked: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}
