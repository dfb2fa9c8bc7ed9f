package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/runtime/runtimetest"
)

// binary is the botrt executable, built once for the package and driven the
// way a user drives it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "botrt-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "botrt")
	build := exec.Command("go", "build", "-o", binary, "github.com/botrt/botrt/cmd/botrt")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building botrt:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// syncBuffer collects a running process's output for waits to read.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// proc is a long-running botrt (sim, dev, run) under test.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer // stdout and stderr together
	done chan error
}

// start runs botrt in dir; stdin, if not nil, is what the bots' readline
// reads. The cleanup kills the process if the test did not stop it.
func start(t testing.TB, dir string, stdin *os.File, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if stdin != nil {
		cmd.Stdin = stdin
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, out: out, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("botrt %v output:\n%s", args, out.String())
		}
	})
	return p
}

// kill sends SIGKILL (a no-op once the process has ended) and waits for it.
func (p *proc) kill() {
	select {
	case err := <-p.done:
		p.done <- err
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	p.done <- <-p.done
}

// interrupt sends SIGINT and waits for a clean exit.
func (p *proc) interrupt(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("exit after SIGINT: %v\n%s", err, p.out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit within 30s of SIGINT\n%s", p.out.String())
	}
}

// waitOutput waits until the output matches re and returns the submatches.
func (p *proc) waitOutput(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	var m []string
	eventually(t, time.Minute, func() bool { m = re.FindStringSubmatch(p.out.String()); return m != nil }, "output matching %s", re)
	return m
}

// noLeaks checks that the test's goroutines (process waits, HTTP
// connections) are gone once its processes are stopped.
func noLeaks(t *testing.T) {
	t.Helper()
	runtimetest.NoLeaks(t)
	t.Cleanup(httpClient.CloseIdleConnections)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, within time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for "+what, append([]any{within}, args...)...)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+) `)
	linkedRe = regexp.MustCompile(`session "[^"]+" linked as (\d+)@`)
)

// copyBots copies a testdata folder into a fresh scripts folder.
func copyBots(t testing.TB, from string) (dir, bots string) {
	t.Helper()
	dir = t.TempDir()
	bots = filepath.Join(dir, "bots")
	if err := os.CopyFS(bots, os.DirFS(filepath.Join("testdata", from))); err != nil {
		t.Fatal(err)
	}
	return dir, bots
}

// devBots runs `botrt dev` on a testdata folder and returns the process, the
// simulator's admin API and the bot's phone once its session is linked.
func devBots(t testing.TB, from string, stdin *os.File) (*proc, admin, string) {
	t.Helper()
	dir, _ := copyBots(t, from)
	p := start(t, dir, stdin, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
	api := admin{t: t, base: "http://" + p.waitOutput(t, listenRe)[1]}
	phone := p.waitOutput(t, linkedRe)[1]
	return p, api, phone
}

// chat has a new person send text to the bot and wait for want.
func chat(t testing.TB, api admin, bot, person, text, want string) {
	t.Helper()
	api.addPerson(person)
	api.send(person, bot, text)
	api.waitReply(person, want, time.Minute)
}

// contains reports whether any of the texts holds s.
func contains(texts []string, s string) bool {
	for _, x := range texts {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}
