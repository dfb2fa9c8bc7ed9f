package web_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/sim/web"
)

// browserTimeout bounds one run of a browser script (Chromium start-up included) on a busy 2-core CI.
const browserTimeout = 3 * time.Minute

// chromiumPath finds Debian's chromium (BOTRT_CHROMIUM overrides).
func chromiumPath() string {
	if p := os.Getenv("BOTRT_CHROMIUM"); p != "" {
		return p
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return ""
	}
	return p
}

// needBrowser returns chromium and node, skipping the test when they are missing outside CI; in CI
// (where .ci/run installs them) their absence fails the test.
func needBrowser(t *testing.T) (chromium, node string) {
	t.Helper()
	chromium = chromiumPath()
	node, _ = exec.LookPath("node")
	_, pwErr := os.Stat(filepath.Join("..", "..", "web", "node_modules", "playwright-core"))
	var missing string
	switch {
	case chromium == "":
		missing = "chromium (apt-get install chromium)"
	case node == "":
		missing = "node"
	case pwErr != nil:
		missing = "playwright-core (npm ci in web/)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests need %s, which CI must install", missing)
		}
		t.Skipf("browser tests need %s", missing)
	}
	return chromium, node
}

// artifactDir is where screenshots go: artifacts/ at the repository root (git-ignored), kept after
// the test so CI can collect them.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "artifacts", "browser", t.Name()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runScript runs web/e2e/<script> with node against the simulator at url and fails the test with its
// output.
func runScript(t *testing.T, url, script string, env ...string) {
	t.Helper()
	chromium, node := needBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("e2e", script))
	cmd.Dir = filepath.Join("..", "..", "web")
	cmd.Env = append(os.Environ(), append([]string{"SIM_URL=" + url, "CHROMIUM=" + chromium,
		"ARTIFACTS=" + artifactDir(t)}, env...)...)
	cmd.WaitDelay = 10 * time.Second // Chromium children holding the output pipes must not hang the test
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("%s did not finish within %v:\n%s", script, browserTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	t.Logf("%s", out)
}

// TestBrowserChat drives the page in headless Chromium: the bot panel, creating a person, !ping → pong,
// an image and the bot's image reply, a quoted reply, and a group with the bot that gets a welcome.
func TestBrowserChat(t *testing.T) {
	needBrowser(t)
	srv := testkit.NewServer(t)
	startBot(t, srv, "Echo bot")
	srv.Web.Publish(web.Entry{Bot: "echo", Kind: web.KindReload, Level: "error", Text: "ReferenceError: x is not defined",
		File: "bot.js", Line: 7})
	runScript(t, srv.URL(), "chat.mjs", "BOT_NAME=Echo bot", "PHONE=15550001111")
}
