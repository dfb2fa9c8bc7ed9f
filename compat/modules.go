package compat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoNode means node or npm is not on PATH.
var ErrNoNode = errors.New("compat: node and npm are needed")

// ErrNotInstalled means EnsureModules has not installed the packages of the current lock file.
var ErrNotInstalled = errors.New("compat: npm packages not installed (EnsureModules)")

// modulesBase holds every install (one folder per lock-file hash) and npm's cache, so repeated runs
// neither reinstall nor download again, and nothing is written to the source tree or to global places.
func modulesBase() string { return filepath.Join(os.TempDir(), "botrt-compat-npm") }

// partialAge: installs left half-done by a killed run are removed once they are this old (a running
// install of another process is younger).
const partialAge = time.Hour

// EnsureModules installs the npm packages pinned by dir/package-lock.json with `npm ci --ignore-scripts`
// into a folder under os.TempDir() named for the hash of the lock, package.json and .npmrc, unless that install already exists;
// ModulesDir returns it. npm runs in a fresh folder that is renamed into place only when it succeeded, so
// an interrupted install is never used. npm talks to the npm registry only: the lock file resolves every
// package, including Baileys 6's former git dependencies (see package.json's overrides), to registry
// tarballs. Install scripts are not run; none of the packages needs one.
func EnsureModules(ctx context.Context, dir string) error {
	for _, bin := range []string{"node", "npm"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("%w: %w", ErrNoNode, err)
		}
	}
	final, err := installDir(dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	base := filepath.Dir(final)
	if err := os.MkdirAll(base, 0o755); err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	removeStalePartials(base)
	tmp, err := os.MkdirTemp(base, filepath.Base(final)+".partial-")
	if err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, f := range installFiles {
		if err := copyFile(filepath.Join(dir, f), filepath.Join(tmp, f)); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline",
		"--cache", filepath.Join(base, "npm-cache"))
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compat: npm ci in %s: %w\n%s", tmp, err, out)
	}
	if err := os.Rename(tmp, final); err != nil {
		// Another process finished the same install first; its copy is as good as ours.
		if _, statErr := os.Stat(final); statErr == nil {
			return nil
		}
		return fmt.Errorf("compat: %w", err)
	}
	return nil
}

// ModulesDir is the node_modules folder EnsureModules installed for dir's lock file, or ErrNotInstalled.
func ModulesDir(dir string) (string, error) {
	final, err := installDir(dir)
	if err != nil {
		return "", err
	}
	nm := filepath.Join(final, "node_modules")
	if _, err := os.Stat(nm); err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotInstalled, err)
	}
	return nm, nil
}

// installFiles are what npm ci reads: the manifest, the lock and the npm settings (legacy-peer-deps: the
// lock leaves out the optional peer dependencies of Baileys' tooling).
var installFiles = []string{"package.json", "package-lock.json", ".npmrc"}

// installDir is where the packages of dir's installFiles are (or will be) installed: a folder named for
// their hash.
func installDir(dir string) (string, error) {
	h := sha256.New()
	for _, f := range installFiles {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return "", fmt.Errorf("compat: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	return filepath.Join(modulesBase(), hex.EncodeToString(h.Sum(nil)[:8])), nil
}

func removeStalePartials(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.Contains(e.Name(), ".partial-") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > partialAge {
			_ = os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	return nil
}

// linkModules makes runDir/node_modules for one peer: a symlink to every package of the install in
// modules, except that @whiskeysockets/baileys points at pkg (Baileys7 or Baileys6). A script copied
// into runDir then imports the chosen Baileys under its usual name, with ESM import and require alike
// (ESM resolution ignores NODE_PATH; it looks in node_modules folders above the script).
func linkModules(modules, runDir, pkg string) error {
	nm := filepath.Join(runDir, "node_modules")
	if err := os.MkdirAll(nm, 0o755); err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	return filepath.WalkDir(modules, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(modules, path)
		if err != nil || rel == "." {
			return err
		}
		target := filepath.Join(nm, rel)
		if d.IsDir() && strings.HasPrefix(d.Name(), "@") && filepath.Dir(rel) == "." {
			// A scope: link its packages one by one, so one of them can be swapped.
			return os.MkdirAll(target, 0o755)
		}
		src := path
		if filepath.ToSlash(rel) == Baileys7 {
			src = filepath.Join(modules, filepath.FromSlash(pkg))
		}
		if err := os.Symlink(src, target); err != nil {
			return fmt.Errorf("compat: link %s: %w", rel, err)
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
}
