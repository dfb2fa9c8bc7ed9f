package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("good.ts", "interface Reply { text: string }\nconst r: Reply = { text: 'pong' }\nconsole.log(r.text)\n")
	// The error is on line 5 of the .ts file; the type-only lines above it
	// vanish from the generated JavaScript, so a JS line number would be wrong.
	write("bad.ts", "type A = { a: number }\ninterface B {\n  b: string\n}\nconst x: A = { a: (1 }\n")

	if out, errOut, code := runBotrt(t, dir, "check", "good.ts"); code != 0 {
		t.Fatalf("good.ts: exit %d\n%s%s", code, out, errOut)
	}
	_, errOut, code := runBotrt(t, dir, "check", "good.ts", "bad.ts")
	if code != 1 {
		t.Fatalf("bad.ts: exit %d, want 1\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "bad.ts:5:") || strings.Contains(errOut, "good.ts") {
		t.Fatalf("want only bad.ts:5:… reported, got:\n%s", errOut)
	}
	if _, errOut, code := runBotrt(t, dir, "check", "missing.js"); code != 1 || !strings.Contains(errOut, "missing.js") {
		t.Fatalf("missing file: exit %d\n%s", code, errOut)
	}
	if _, _, code := runBotrt(t, dir, "check"); code != 1 {
		t.Fatalf("no files: exit %d, want 1", code)
	}
}

// The shipped examples are what `make dev` runs: they must compile.
func TestCheckExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "scripts", "examples", "*.*s"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found (%v)", err)
	}
	if out, errOut, code := runBotrt(t, ".", append([]string{"check"}, files...)...); code != 0 {
		t.Fatalf("botrt check %v: exit %d\n%s%s", files, code, out, errOut)
	}
}
