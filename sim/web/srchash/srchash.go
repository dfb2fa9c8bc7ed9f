// Package srchash fingerprints the chat page's sources, so a test can tell that the committed bundle
// was built from the sources as they are (see `make web`).
package srchash

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Inputs are the paths under web/ that the bundle is built from: the sources and the locked packages.
var Inputs = []string{"src", "package.json", "package-lock.json"}

// Of returns the hex SHA-256 over the names and contents of every file of Inputs under webDir.
func Of(webDir string) (string, error) {
	var files []string
	for _, in := range Inputs {
		err := filepath.WalkDir(filepath.Join(webDir, in), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("srchash: %w", err)
		}
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("srchash: %w", err)
		}
		rel, err := filepath.Rel(webDir, f)
		if err != nil {
			return "", fmt.Errorf("srchash: %w", err)
		}
		// Length-prefixed so that moving bytes between a name and a file cannot give the same hash.
		fmt.Fprintf(h, "%d:%s\n%d:", len(rel), filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
