// Package botrttest drives the built botrt binary in tests the way a user does: build it once per test
// binary, start it in a folder, wait for what it prints, interrupt or kill it, read its memory.
package botrttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Build compiles the botrt command into a fresh temporary folder, for a test binary's TestMain; cleanup
// removes the folder.
func Build() (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "botrt-bin-")
	if err != nil {
		return "", nil, err
	}
	bin = filepath.Join(dir, "botrt")
	build := exec.Command("go", "build", "-o", bin, "github.com/botrt/botrt/cmd/botrt")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("building botrt: %w", err)
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

// Main is a TestMain body for packages that drive botrt: it builds the binary into *bin, runs the
// tests and removes the binary; pass its result to os.Exit.
func Main(m *testing.M, bin *string) int {
	b, cleanup, err := Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cleanup()
	*bin = b
	return m.Run()
}

// Buffer is an io.Writer safe for concurrent writes and reads: a running process's output, a logger's lines.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Proc is a long-running botrt (sim, dev, run) under test.
type Proc struct {
	cmd  *exec.Cmd
	out  Buffer // stdout and stderr together
	done chan error
}

// Start runs bin with args in dir; stdin, if not nil, is what the bots' readline reads. The cleanup
// kills the process if the test did not stop it, and prints its output if the test failed.
func Start(t testing.TB, bin, dir string, stdin *os.File, args ...string) *Proc {
	t.Helper()
	p := &Proc{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	p.cmd.Dir = dir
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if stdin != nil {
		p.cmd.Stdin = stdin
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			t.Logf("botrt %v output:\n%s", args, p.Output())
		}
	})
	return p
}

// Output is everything the process printed so far.
func (p *Proc) Output() string { return p.out.String() }

// Pid is the process id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Kill sends SIGKILL (a no-op once the process has ended) and waits for it.
func (p *Proc) Kill() {
	select {
	case err := <-p.done:
		p.done <- err
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	p.done <- <-p.done
}

// Interrupt sends SIGINT and waits for a clean exit.
func (p *Proc) Interrupt(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("exit after SIGINT: %v\n%s", err, p.Output())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit within 30s of SIGINT\n%s", p.Output())
	}
}

// WaitOutput waits until the output matches re and returns the submatches.
func (p *Proc) WaitOutput(t testing.TB, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	var m []string
	Eventually(t, within, func() bool { m = re.FindStringSubmatch(p.Output()); return m != nil }, "output matching %s", re)
	return m
}

// Eventually polls cond until it holds or the deadline passes.
func Eventually(t testing.TB, within time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for "+what, append([]any{within}, args...)...)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// StatusMiB reads a memory field of /proc/PID/status ("VmRSS:", "VmHWM:") in MiB.
func StatusMiB(tb testing.TB, pid int, field string) float64 {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
