// Package leaktest checks that a test leaves no goroutine of its own running.
package leaktest

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// settle is how long the goroutines a test started may take to end after its cleanups.
const settle = 10 * time.Second

// Check records the goroutines running now and, when the test ends (after the cleanups registered
// later, which stop what the test started), fails it if more remain than at the start. Call it first
// in a test; tests using it must not run in parallel.
func Check(t testing.TB) {
	t.Helper()
	before := countOurs()
	t.Cleanup(func() {
		deadline := time.Now().Add(settle)
		for countOurs() > before {
			if time.Now().After(deadline) {
				t.Errorf("goroutines leaked: %d before, %d after\n%s", before, countOurs(), stacks())
				return
			}
			time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
		}
	})
}

// thirdPartyLeaks are goroutines other modules leave behind, which no code of ours can end:
// whatsmeow's frame reader hands a frame that arrives after its consumer stopped to an unread
// channel and blocks for good (socket.FrameSocket.frameComplete, pinned version); it holds one
// small buffer and nothing of the test.
var thirdPartyLeaks = []string{
	"go.mau.fi/whatsmeow/socket.(*FrameSocket).frameComplete",
}

// countOurs counts the running goroutines, less those of thirdPartyLeaks.
func countOurs() int {
	n := 0
	for _, g := range strings.Split(stacks(), "\n\n") {
		if g != "" && !isThirdPartyLeak(g) {
			n++
		}
	}
	return n
}

func isThirdPartyLeak(stack string) bool {
	for _, f := range thirdPartyLeaks {
		if strings.Contains(stack, f) {
			return true
		}
	}
	return false
}

func stacks() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}
