package testkit

import (
	"context"
	"testing"
)

// Context is a context for a test's calls into clients and the simulator: it ends after Timeout, so a
// call the simulator never answers fails the test instead of hanging it, and when the test ends.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	t.Cleanup(cancel)
	return ctx
}
