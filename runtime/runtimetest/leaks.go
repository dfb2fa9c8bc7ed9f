package runtimetest

import (
	"testing"

	"github.com/botrt/botrt/internal/leaktest"
)

// NoLeaks fails the test if goroutines it started outlive it (leaktest.Check); call it first.
func NoLeaks(t testing.TB) {
	t.Helper()
	leaktest.Check(t)
}
