package fs

import (
	"errors"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// sandbox confines a bot's file access: reads may reach its data folder and
// its scripts folder, writes only the data folder. Relative paths are taken
// from the data folder (the bot's working directory); for reads, a relative
// path missing there is looked up in the scripts folder, so both
// fs.readdirSync('./plugins') and fs.writeFileSync('state.json') do what a
// bot author expects. Every operation goes through an os.Root opened on the
// folder, so a symlink pointing outside is refused by the kernel-level
// lookup, not just by a lexical check.
type sandbox struct {
	data, scripts string
}

// target is a resolved path: the folder it lies in and its name inside it.
type target struct {
	root  string
	rel   string
	shown string // the path as the script gave it, for error messages
}

// fsError is a Node-style file system error (code, errno, syscall, path).
type fsError struct {
	code    string
	errno   int
	syscall string
	path    string
	dest    string
	detail  string // why the sandbox refused, appended to the message
}

func (e *fsError) Error() string {
	msg := e.code + ": " + describe[e.code] + ", " + e.syscall + " '" + e.path + "'"
	if e.dest != "" {
		msg += " -> '" + e.dest + "'"
	}
	if e.detail != "" {
		msg += " (" + e.detail + ")"
	}
	return msg
}

var describe = map[string]string{
	"ENOENT":    "no such file or directory",
	"EEXIST":    "file already exists",
	"EACCES":    "permission denied",
	"ENOTDIR":   "not a directory",
	"EISDIR":    "illegal operation on a directory",
	"ENOTEMPTY": "directory not empty",
	"EINVAL":    "invalid argument",
	"EIO":       "i/o error",
}

var errnos = map[string]int{"ENOENT": -2, "EEXIST": -17, "EACCES": -13, "ENOTDIR": -20, "EISDIR": -21, "ENOTEMPTY": -39, "EINVAL": -22, "EIO": -5}

func newFSError(code, sys, path string) *fsError {
	return &fsError{code: code, errno: errnos[code], syscall: sys, path: path}
}

// resolve maps a script's path to a folder and a name inside it.
func (s *sandbox) resolve(p, sys string, write bool) (target, error) {
	if p == "" {
		return target{}, newFSError("ENOENT", sys, p)
	}
	if strings.ContainsRune(p, 0) {
		return target{}, &fsError{code: "EINVAL", errno: errnos["EINVAL"], syscall: sys, path: p, detail: "the path contains a null byte"}
	}
	roots := []string{s.data}
	if !write {
		roots = append(roots, s.scripts)
	}
	if !filepath.IsAbs(p) {
		abs := filepath.Join(s.data, p)
		if !within(s.data, abs) {
			return target{}, s.denied(p, sys, write)
		}
		t := target{root: s.data, rel: rel(s.data, abs), shown: p}
		if !write {
			if _, err := os.Lstat(abs); errors.Is(err, iofs.ErrNotExist) {
				if alt := filepath.Join(s.scripts, p); within(s.scripts, alt) {
					if _, err := os.Lstat(alt); err == nil {
						return target{root: s.scripts, rel: rel(s.scripts, alt), shown: p}, nil
					}
				}
			}
		}
		return t, nil
	}
	abs := filepath.Clean(p)
	for _, r := range roots {
		if within(r, abs) {
			return target{root: r, rel: rel(r, abs), shown: p}, nil
		}
	}
	return target{}, s.denied(p, sys, write)
}

func (s *sandbox) denied(p, sys string, write bool) error {
	e := newFSError("EACCES", sys, p)
	if write && (within(s.scripts, p) || within(s.scripts, filepath.Join(s.data, p))) {
		e.detail = "the scripts folder is read-only for bots; write below the data folder " + s.data
	} else if write {
		e.detail = "bots may only write below their data folder " + s.data
	} else {
		e.detail = "bots may only read below their data folder " + s.data + " and the scripts folder " + s.scripts
	}
	return e
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, filepath.Clean(p))
	return err == nil && r != ".." && !strings.HasPrefix(r, "../") && !filepath.IsAbs(r)
}

func rel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return "."
	}
	return r
}

// open runs fn with an os.Root on the target's folder; errors become fsErrors
// naming the script's path.
func (s *sandbox) open(t target, sys string, fn func(r *os.Root, name string) error) error {
	if t.root == s.data {
		if err := os.MkdirAll(s.data, 0o700); err != nil {
			return translate(err, sys, t.shown, s)
		}
	}
	r, err := os.OpenRoot(t.root)
	if err != nil {
		return translate(err, sys, t.shown, s)
	}
	defer r.Close()
	return translate(fn(r, t.rel), sys, t.shown, s)
}

// translate maps a Go error to a Node error code. A path that escapes the
// root through a symlink is reported as the sandbox refusal it is.
func translate(err error, sys, p string, s *sandbox) error {
	if err == nil {
		return nil
	}
	var fe *fsError
	if errors.As(err, &fe) {
		return fe
	}
	if strings.Contains(err.Error(), "path escapes from parent") {
		e := newFSError("EACCES", sys, p)
		e.detail = "it leads outside the bot's folders through a symbolic link"
		return e
	}
	code := "EIO"
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		code = "ENOENT"
	case errors.Is(err, iofs.ErrExist):
		code = "EEXIST"
	case errors.Is(err, iofs.ErrPermission):
		code = "EACCES"
	case errors.Is(err, syscall.ENOTDIR):
		code = "ENOTDIR"
	case errors.Is(err, syscall.EISDIR):
		code = "EISDIR"
	case errors.Is(err, syscall.ENOTEMPTY):
		code = "ENOTEMPTY"
	case errors.Is(err, syscall.EINVAL):
		code = "EINVAL"
	}
	e := newFSError(code, sys, p)
	if code == "EIO" {
		e.detail = err.Error()
	}
	return e
}
