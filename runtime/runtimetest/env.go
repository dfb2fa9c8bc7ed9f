// Package runtimetest runs real scripts on a real runtime.Host for tests in
// any package: write files into a temporary scripts folder, start the host
// with the modules under test, wait for events, logs and conditions with
// deadlines, and stop everything (checking that no goroutine leaks) when the
// test ends.
package runtimetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/runtime"
)

// DefaultTimeout bounds every wait that does not name its own.
const DefaultTimeout = 10 * time.Second

// Options describe the host a test runs.
type Options struct {
	// Files are written (path relative to the scripts folder) before start.
	Files   map[string]string
	Modules map[string]runtime.Module
	Globals []runtime.Global
	// Configure may adjust the host options (budgets, NoWatch, ...) before start.
	Configure func(*runtime.Options)
}

// Env is a running host over a temporary scripts folder.
type Env struct {
	t       testing.TB
	Dir     string // scripts folder
	DataDir string
	Host    *runtime.Host
	Logs    *Logs

	mu     sync.Mutex
	cond   *sync.Cond
	events []runtime.Event
	cursor map[string]int // per bot: events before it were consumed by a wait

	cancel   context.CancelFunc
	done     chan error
	stopOnce sync.Once
}

// Start writes the files, starts a host and returns at once; the host is
// stopped when the test ends.
func Start(t testing.TB, opts Options) *Env {
	t.Helper()
	e := &Env{t: t, Dir: t.TempDir(), DataDir: t.TempDir(), Logs: newLogs(t), cursor: map[string]int{}}
	e.cond = sync.NewCond(&e.mu)
	for name, src := range opts.Files {
		e.Write(name, src)
	}
	ho := runtime.Options{
		ScriptsDir: e.Dir,
		DataDir:    e.DataDir,
		Modules:    opts.Modules,
		Globals:    opts.Globals,
		Logger:     e.Logs.Logger(),
		OnEvent: func(ev runtime.Event) {
			e.mu.Lock()
			e.events = append(e.events, ev)
			e.mu.Unlock()
			e.cond.Broadcast()
		},
	}
	if opts.Configure != nil {
		opts.Configure(&ho)
	}
	h, err := runtime.New(ho)
	if err != nil {
		t.Fatalf("runtimetest: %v", err)
	}
	e.Host = h
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done = cancel, make(chan error, 1)
	go func() { e.done <- h.Run(ctx) }()
	t.Cleanup(e.Stop)
	return e
}

// RunScript starts a host with one bot, main.js, and waits until it loaded.
func RunScript(t testing.TB, src string, modules map[string]runtime.Module) *Env {
	t.Helper()
	e := Start(t, Options{Files: map[string]string{"main.js": src}, Modules: modules})
	e.WaitEvent("main", runtime.EventStarted)
	return e
}

// Stop stops the host and waits for Run to return. Safe to call twice.
func (e *Env) Stop() {
	e.stopOnce.Do(e.stop)
}

func (e *Env) stop() {
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			e.t.Errorf("runtimetest: host.Run: %v", err)
		}
	case <-time.After(DefaultTimeout):
		e.t.Errorf("runtimetest: the host did not stop within %s", DefaultTimeout)
	}
	e.mu.Lock()
	e.cond.Broadcast()
	e.mu.Unlock()
}

// Path is the absolute path of a file in the scripts folder.
func (e *Env) Path(rel string) string { return filepath.Join(e.Dir, filepath.FromSlash(rel)) }

// Write saves a file in place (truncate and write, as most editors do).
func (e *Env) Write(rel, content string) {
	e.t.Helper()
	p := e.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// WriteAtomic saves a file the way safe-write editors do: a temporary file
// renamed over the old one (the inode changes).
func (e *Env) WriteAtomic(rel, content string) {
	e.t.Helper()
	p := e.Path(rel)
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp123")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		e.t.Fatal(err)
	}
}

// Remove deletes a file of the scripts folder.
func (e *Env) Remove(rel string) {
	e.t.Helper()
	if err := os.Remove(e.Path(rel)); err != nil {
		e.t.Fatal(err)
	}
}

// WaitEvent waits for the next event of bot of the given kind, skipping (and
// consuming) the bot's events before it, and returns it.
func (e *Env) WaitEvent(bot string, kind runtime.EventKind) runtime.Event {
	e.t.Helper()
	return e.WaitEventMatch(bot, string(kind), func(ev runtime.Event) bool { return ev.Kind == kind })
}

// WaitEventMatch waits for the next event of bot that match accepts.
func (e *Env) WaitEventMatch(bot, what string, match func(runtime.Event) bool) runtime.Event {
	e.t.Helper()
	deadline := time.Now().Add(DefaultTimeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		e.mu.Lock()
		e.cond.Broadcast()
		e.mu.Unlock()
	})
	defer stop()
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		for i := e.cursor[bot]; i < len(e.events); i++ {
			ev := e.events[i]
			if ev.Bot == bot && match(ev) {
				e.cursor[bot] = i + 1
				return ev
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("runtimetest: no event %q for bot %s within %s; events: %s", what, bot, DefaultTimeout, e.describeEvents())
		}
		e.cond.Wait()
	}
}

// Events returns every event so far.
func (e *Env) Events() []runtime.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]runtime.Event(nil), e.events...)
}

func (e *Env) describeEvents() string {
	var b strings.Builder
	for _, ev := range e.events {
		fmt.Fprintf(&b, "\n  %s %s gen=%d", ev.Bot, ev.Kind, ev.Generation)
		if ev.Err != nil {
			fmt.Fprintf(&b, " err=%v", ev.Err)
		}
	}
	return b.String()
}

// Eventually polls cond until it holds or timeout passes, then fails the test
// with the message.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for wait := time.Millisecond; ; wait = min(wait*2, 50*time.Millisecond) {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("runtimetest: not within %s: "+format, append([]any{timeout}, args...)...)
		}
		time.Sleep(wait)
	}
}
