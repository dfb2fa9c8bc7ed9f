package fs

import (
	"errors"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// stat is what Stats objects are built from.
type stat struct {
	Size    int64
	Mode    uint32
	ModTime time.Time
	Dir     bool
	Symlink bool
	Regular bool
}

func statOf(fi iofs.FileInfo) stat {
	return stat{Size: fi.Size(), Mode: uint32(fi.Mode().Perm()) | typeBits(fi.Mode()), ModTime: fi.ModTime(),
		Dir: fi.IsDir(), Symlink: fi.Mode()&iofs.ModeSymlink != 0, Regular: fi.Mode().IsRegular()}
}

// typeBits are the S_IF* bits of Node's stats.mode.
func typeBits(m iofs.FileMode) uint32 {
	switch {
	case m.IsDir():
		return 0o040000
	case m&iofs.ModeSymlink != 0:
		return 0o120000
	case m.IsRegular():
		return 0o100000
	}
	return 0
}

// dirent is one readdir entry.
type dirent struct {
	Name string
	Dir  bool
	Link bool
}

func (s *sandbox) readFile(p string) ([]byte, error) {
	t, err := s.resolve(p, "open", false)
	if err != nil {
		return nil, err
	}
	var data []byte
	err = s.open(t, "open", func(r *os.Root, name string) error {
		var err error
		data, err = r.ReadFile(name)
		return err
	})
	return data, err
}

func (s *sandbox) writeFile(p string, data []byte, flag int, perm os.FileMode) error {
	sys := "open"
	t, err := s.resolve(p, sys, true)
	if err != nil {
		return err
	}
	return s.open(t, sys, func(r *os.Root, name string) error {
		f, err := r.OpenFile(name, flag, perm)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

func (s *sandbox) mkdir(p string, recursive bool, perm os.FileMode) error {
	t, err := s.resolve(p, "mkdir", true)
	if err != nil {
		return err
	}
	return s.open(t, "mkdir", func(r *os.Root, name string) error {
		if recursive {
			return r.MkdirAll(name, perm)
		}
		return r.Mkdir(name, perm)
	})
}

func (s *sandbox) readdir(p string) ([]dirent, error) {
	t, err := s.resolve(p, "scandir", false)
	if err != nil {
		return nil, err
	}
	var out []dirent
	err = s.open(t, "scandir", func(r *os.Root, name string) error {
		f, err := r.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		entries, err := f.ReadDir(-1)
		if err != nil {
			return err
		}
		for _, e := range entries {
			out = append(out, dirent{Name: e.Name(), Dir: e.IsDir(), Link: e.Type()&iofs.ModeSymlink != 0})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

func (s *sandbox) stat(p string, follow bool) (stat, error) {
	sys := "stat"
	if !follow {
		sys = "lstat"
	}
	t, err := s.resolve(p, sys, false)
	if err != nil {
		return stat{}, err
	}
	var st stat
	err = s.open(t, sys, func(r *os.Root, name string) error {
		var fi iofs.FileInfo
		var err error
		if follow {
			fi, err = r.Stat(name)
		} else {
			fi, err = r.Lstat(name)
		}
		if err == nil {
			st = statOf(fi)
		}
		return err
	})
	return st, err
}

func (s *sandbox) exists(p string) (bool, error) {
	_, err := s.stat(p, true)
	var fe *fsError
	if errors.As(err, &fe) && fe.code == "EACCES" {
		return false, err
	}
	return err == nil, nil
}

// access checks existence, and for W_OK that the path is writable by the bot.
func (s *sandbox) access(p string, mode int64) error {
	if mode&2 != 0 {
		if _, err := s.resolve(p, "access", true); err != nil {
			return err
		}
	}
	_, err := s.stat(p, true)
	if fe := (*fsError)(nil); errors.As(err, &fe) {
		fe.syscall = "access"
	}
	return err
}

func (s *sandbox) unlink(p string) error {
	t, err := s.resolve(p, "unlink", true)
	if err != nil {
		return err
	}
	return s.open(t, "unlink", func(r *os.Root, name string) error {
		fi, err := r.Lstat(name)
		if err != nil {
			return err
		}
		if fi.IsDir() {
			return &fsError{code: "EISDIR", errno: errnos["EISDIR"], syscall: "unlink", path: p}
		}
		return r.Remove(name)
	})
}

// rm removes a file, or a directory with recursive; force ignores a missing path.
func (s *sandbox) rm(p string, recursive, force bool, sys string) error {
	t, err := s.resolve(p, sys, true)
	if err != nil {
		return err
	}
	if t.rel == "." {
		return &fsError{code: "EACCES", errno: errnos["EACCES"], syscall: sys, path: p, detail: "the data folder itself cannot be removed"}
	}
	return s.open(t, sys, func(r *os.Root, name string) error {
		fi, err := r.Lstat(name)
		if errors.Is(err, iofs.ErrNotExist) && force {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.IsDir() {
			if sys == "rm" && !recursive {
				return &fsError{code: "EISDIR", errno: errnos["EISDIR"], syscall: sys, path: p, detail: "use { recursive: true } to remove a directory"}
			}
			if recursive {
				return r.RemoveAll(name)
			}
		}
		return r.Remove(name)
	})
}

func (s *sandbox) rename(from, to string) error {
	a, err := s.resolve(from, "rename", true)
	if err != nil {
		return err
	}
	b, err := s.resolve(to, "rename", true)
	if err != nil {
		return err
	}
	err = s.open(a, "rename", func(r *os.Root, name string) error { return r.Rename(name, b.rel) })
	if fe := (*fsError)(nil); errors.As(err, &fe) {
		fe.dest = to
	}
	return err
}

func (s *sandbox) copyFile(from, to string) error {
	data, err := s.readFile(from)
	if err != nil {
		return err
	}
	return s.writeFile(to, data, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

// readChunk reads up to n bytes at off, for read streams.
func (s *sandbox) readChunk(p string, off int64, n int) ([]byte, error) {
	t, err := s.resolve(p, "read", false)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	var got int
	err = s.open(t, "read", func(r *os.Root, name string) error {
		f, err := r.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		got, err = f.ReadAt(buf, off)
		if errors.Is(err, io.EOF) {
			err = nil
		}
		return err
	})
	return buf[:got], err
}

// realpath returns the absolute, cleaned path (after the sandbox check).
func (s *sandbox) realpath(p string) (string, error) {
	t, err := s.resolve(p, "realpath", false)
	if err != nil {
		return "", err
	}
	if _, err := s.stat(p, true); err != nil {
		return "", err
	}
	return filepath.Join(t.root, t.rel), nil
}
