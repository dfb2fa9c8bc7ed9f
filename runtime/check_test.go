package runtime_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/botrt/botrt/runtime"
)

func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.ts", "interface A { a: number }\nconst x: A = { a: 1 }\nexport default x\n")
	if err := runtime.CheckFile(good); err != nil {
		t.Fatalf("good.ts: %v", err)
	}
	// Line 4 of the TypeScript source; the interface lines are gone from the
	// generated JavaScript, so a generated-code position would say line 1 or 2.
	bad := write("bad.ts", "interface A {\n  a: number\n}\nconst x: A = { a: (1 }\n")
	err := runtime.CheckFile(bad)
	ce, ok := errors.AsType[*runtime.CompileError](err)
	if !ok {
		t.Fatalf("bad.ts: want a *CompileError, got %v", err)
	}
	if ce.File != bad || ce.Line != 4 || ce.Column < 1 {
		t.Fatalf("bad.ts: got %s (file %q line %d col %d)", ce, ce.File, ce.Line, ce.Column)
	}
	tla := write("tla.js", "await Promise.resolve(1)\n")
	if ce, ok := errors.AsType[*runtime.CompileError](runtime.CheckFile(tla)); !ok || ce.Hint == "" {
		t.Fatalf("top-level await: want a CompileError with a hint, got %v", ce)
	}
	if err := runtime.CheckFile(filepath.Join(dir, "missing.js")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}
