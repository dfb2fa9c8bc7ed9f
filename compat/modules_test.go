package compat

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// failingNPM puts an npm that always fails first on PATH, so a test can tell whether EnsureModules ran it.
func failingNPM(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell script stand-in for npm")
	}
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "npm"), []byte("#!/bin/sh\necho npm must not run >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// An install is reused as long as the lock file is the same: npm does not run again.
func TestEnsureModulesReusesInstall(t *testing.T) {
	dir := requireModules(t)
	nm, err := ModulesDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(nm, os.TempDir()) {
		t.Fatalf("modules at %s, want them under %s", nm, os.TempDir())
	}
	failingNPM(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := EnsureModules(ctx, dir); err != nil {
		t.Fatalf("second EnsureModules ran npm: %v", err)
	}
}

// A failed install leaves nothing that a later run would take for complete.
func TestEnsureModulesNeverUsesAPartialInstall(t *testing.T) {
	requireModules(t) // node and npm are there (or the test is skipped)
	src, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range installFiles {
		if err := copyFile(filepath.Join(src, f), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	// Another lock file: another install folder, which does not exist yet.
	lock, err := os.OpenFile(filepath.Join(dir, "package-lock.json"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = lock.WriteString("\n" + t.Name() + time.Now().String() + "\n")
		lock.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	final, err := installDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(final) })
	failingNPM(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := EnsureModules(ctx, dir); err == nil || !strings.Contains(err.Error(), "npm must not run") {
		t.Fatalf("EnsureModules with a failing npm: %v", err)
	}
	if _, err := ModulesDir(dir); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("after a failed install ModulesDir says %v, want ErrNotInstalled", err)
	}
	partials, _ := filepath.Glob(final + ".partial-*")
	if len(partials) != 0 {
		t.Fatalf("failed install left %v", partials)
	}
}

// A peer's script sees the chosen Baileys as @whiskeysockets/baileys and every other package as installed.
func TestPeerScriptGetsChosenBaileys(t *testing.T) {
	dir := requireModules(t)
	nm, err := ModulesDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		run, err := prepareScript(dir, "bots/echo.js", v.pkg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := filepath.EvalSymlinks(filepath.Join(run, "node_modules", "@whiskeysockets", "baileys"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := filepath.EvalSymlinks(filepath.Join(nm, filepath.FromSlash(v.pkg)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: @whiskeysockets/baileys is %s, want %s", v.name, got, want)
		}
		if _, err := os.Stat(filepath.Join(run, "node_modules", "pino", "package.json")); err != nil {
			t.Errorf("%s: pino not linked: %v", v.name, err)
		}
		if _, err := os.Stat(filepath.Join(run, "bots", "echo.js")); err != nil {
			t.Errorf("%s: script not copied: %v", v.name, err)
		}
		if err := os.RemoveAll(run); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := prepareScript(dir, "bots/echo.js", "baileys5"); err == nil {
		t.Fatal("prepared a script for an unknown Baileys package")
	}
}
