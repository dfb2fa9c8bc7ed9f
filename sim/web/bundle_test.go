package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/web/srchash"
)

// TestBundleIsFresh fails when web/ changed after the committed bundle was built: run `make web`.
func TestBundleIsFresh(t *testing.T) {
	recorded, err := os.ReadFile(filepath.Join("assets", "SOURCE_HASH"))
	if err != nil {
		t.Fatalf("no recorded source hash (run `make web`): %v", err)
	}
	now, err := srchash.Of(filepath.Join("..", "..", "web"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(recorded)); got != now {
		t.Fatalf("sim/web/assets is stale: built from sources %s, web/ is now %s; run `make web` and commit the bundle", got, now)
	}
}

// TestSourceHashCoversSources checks that the hash changes with a source's content and with its name.
func TestSourceHashCoversSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", "{}")
	write("package-lock.json", "{}")
	write("src/a.js", "1")
	h1, err := srchash.Of(dir)
	if err != nil {
		t.Fatal(err)
	}
	write("src/a.js", "2")
	h2, _ := srchash.Of(dir)
	if err := os.Rename(filepath.Join(dir, "src/a.js"), filepath.Join(dir, "src/b.js")); err != nil {
		t.Fatal(err)
	}
	h3, _ := srchash.Of(dir)
	write("node_modules/x.js", "ignored")
	h4, _ := srchash.Of(dir)
	if h1 == h2 || h2 == h3 || h3 != h4 {
		t.Fatalf("hashes %s %s %s %s: want content and name changes seen, node_modules ignored", h1, h2, h3, h4)
	}
	if _, err := srchash.Of(t.TempDir()); err == nil {
		t.Fatal("a directory without sources hashed without error")
	}
}
