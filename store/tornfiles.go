package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// removeTornFiles deletes the zero-length value-log (.vlog) and memtable (.mem) files a process
// killed at the wrong moment leaves behind. Badger creates such a file empty and sizes it and writes
// its header an instant later; killed in between, the next badger.Open fails ("Create a new file")
// although nothing is lost: an empty file holds no entries and nothing points into it. Found by
// TestCrashDurability (SIGKILL during start-up); TestOpenAfterKillDuringFileCreation pins it down.
func removeTornFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: list %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".vlog") || strings.HasSuffix(name, ".mem")) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("store: stat %s: %w", name, err)
		}
		if info.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("store: remove empty %s left by a crash: %w", name, err)
			}
		}
	}
	return nil
}
