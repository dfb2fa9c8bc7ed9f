package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
)

// binary is the botrt executable built once for the package's tests, which
// drive it the way a user does.
var binary string

func TestMain(m *testing.M) { os.Exit(botrttest.Main(m, &binary)) }

// runBotrt runs a short command to completion and returns its output and exit code.
func runBotrt(t testing.TB, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("botrt %v: %v", args, err)
	}
	return out.String(), errb.String(), 0
}

// proc is a long-running botrt (sim, dev, run) under test.
type proc struct{ *botrttest.Proc }

// startBotrt starts a long-running command; the cleanup kills it if the
// test did not stop it.
func startBotrt(t testing.TB, dir string, args ...string) *proc {
	t.Helper()
	return &proc{botrttest.Start(t, binary, dir, nil, args...)}
}

// waitOutput waits until the output contains s and returns the output.
func (p *proc) waitOutput(t testing.TB, s string) string {
	t.Helper()
	p.WaitOutput(t, regexp.MustCompile(regexp.QuoteMeta(s)), waitFor)
	return p.Output()
}

// waitFor bounds the waits of this package's tests.
const waitFor = 45 * time.Second

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, cond func() bool, what string, args ...any) {
	t.Helper()
	botrttest.Eventually(t, waitFor, cond, what, args...)
}
