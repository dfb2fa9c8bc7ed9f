package compat

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrNoNode means node or npm is not on PATH.
var ErrNoNode = errors.New("compat: node and npm are needed")

// EnsureModules installs the pinned npm packages (package-lock.json) into dir/node_modules with `npm ci`
// unless an install of the same lock file is already there. npm talks to the npm registry only: the
// lock file resolves every package, including Baileys 6's former git dependencies (see package.json's
// overrides), to registry tarballs. Install scripts are not run; none of the packages needs one.
func EnsureModules(ctx context.Context, dir string) error {
	for _, bin := range []string{"node", "npm"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("%w: %w", ErrNoNode, err)
		}
	}
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	stamp := filepath.Join(dir, "node_modules", ".botrt-lock")
	if have, err := os.ReadFile(stamp); err == nil && string(have) == string(lock) {
		return nil
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compat: npm ci: %w\n%s", err, out)
	}
	// The copy of the lock file marks a finished install of exactly this lock.
	if err := os.WriteFile(stamp, lock, 0o644); err != nil {
		return fmt.Errorf("compat: %w", err)
	}
	return nil
}
