package compat

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run if a goroutine of this package (peer output readers, media fronts) outlives
// the tests that started it.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if left := waitCompatGoroutines(10 * time.Second); left != "" {
			fmt.Fprintf(os.Stderr, "compat goroutines left after the tests:\n%s\n", left)
			code = 1
		}
	}
	os.Exit(code)
}

// waitCompatGoroutines waits up to d for this package's goroutines to end and returns those left.
func waitCompatGoroutines(d time.Duration) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var left []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "botrt/compat.(*") && !strings.Contains(g, "compat.TestMain") {
				left = append(left, g)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return strings.Join(left, "\n\n")
		}
		time.Sleep(50 * time.Millisecond) // polling a condition with a deadline, not a timed assertion
	}
}
