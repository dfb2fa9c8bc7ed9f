package runtime

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watcher turns fsnotify's events on the scripts folder and its subfolders
// into one debounced path per save. Folders are watched, not files, because
// editors save by renaming (research goja.md §6); fsnotify is not recursive,
// so new subfolders are added as they appear.
type watcher struct {
	fsw      *fsnotify.Watcher
	root     string
	debounce time.Duration
	errs     func(error)
}

// relevantExts are the files a bot can load.
var relevantExts = map[string]bool{".js": true, ".ts": true, ".mjs": true, ".cjs": true, ".mts": true, ".cts": true, ".json": true}

// editorJunk matches editors' temporary files (vim's 4913 probe, sed -i,
// JetBrains safe-write, backups).
var editorJunk = regexp.MustCompile(`^(4913|sed[A-Za-z0-9]{6})$|___jb_|~$|\.tmp|\.swp$|\.swx$`)

func ignoredName(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || editorJunk.MatchString(name)
}

func newWatcher(root string, debounce time.Duration, errs func(error)) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fsw: fsw, root: root, debounce: debounce, errs: errs}
	if err := w.addTree(root, nil); err != nil {
		fsw.Close()
		return nil, err
	}
	return w, nil
}

// addTree watches dir and the folders below it; found, when not nil, gets
// every relevant file already there (a folder created with files in it).
func (w *watcher) addTree(dir string, found func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if p != dir && ignoredName(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		if found != nil && relevantExts[filepath.Ext(p)] {
			found(p)
		}
		return nil
	})
}

// run delivers each changed path to out once no event touched it for the
// debounce window, until ctx ends. It closes the fsnotify watcher on return.
func (w *watcher) run(ctx context.Context, out chan<- string) {
	defer w.fsw.Close()
	due := map[string]time.Time{}
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	touch := func(p string) {
		due[p] = time.Now().Add(w.debounce)
		earliest := due[p]
		for _, d := range due {
			if d.Before(earliest) {
				earliest = d
			}
		}
		t.Reset(time.Until(earliest))
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.errs(err)
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			name := filepath.Base(ev.Name)
			if ignoredName(name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := w.addTree(ev.Name, touch); err != nil {
						w.errs(err)
					}
					continue
				}
			}
			if relevantExts[filepath.Ext(name)] {
				touch(ev.Name)
			}
		case <-t.C:
			now := time.Now()
			var next time.Time
			for p, d := range due {
				if d.After(now) {
					if next.IsZero() || d.Before(next) {
						next = d
					}
					continue
				}
				select {
				case out <- p:
				case <-ctx.Done():
					return
				}
				delete(due, p)
			}
			if !next.IsZero() {
				t.Reset(time.Until(next))
			}
		}
	}
}
