package runtimetest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// Logs collects what the host logs (console output, script errors) so tests
// can wait for lines; each line is also passed to t.Log.
type Logs struct {
	t     testing.TB
	mu    sync.Mutex
	cond  *sync.Cond
	lines []string
	quiet bool
}

func newLogs(t testing.TB) *Logs {
	l := &Logs{t: t}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// Logger returns a logger writing into the collection.
func (l *Logs) Logger() *slog.Logger { return slog.New(&logHandler{logs: l}) }

// Quiet stops echoing lines to t.Log (for tests that log thousands of lines).
func (l *Logs) Quiet() {
	l.mu.Lock()
	l.quiet = true
	l.mu.Unlock()
}

func (l *Logs) add(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	quiet := l.quiet
	l.mu.Unlock()
	l.cond.Broadcast()
	if !quiet {
		l.t.Log(line)
	}
}

// Lines returns every line so far.
func (l *Logs) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// Count says how many lines contain substr.
func (l *Logs) Count(substr string) int {
	n := 0
	for _, s := range l.Lines() {
		if strings.Contains(s, substr) {
			n++
		}
	}
	return n
}

// Wait waits until a line contains every one of parts and returns it.
func (l *Logs) Wait(parts ...string) string {
	l.t.Helper()
	deadline := time.Now().Add(DefaultTimeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		l.mu.Lock()
		l.cond.Broadcast()
		l.mu.Unlock()
	})
	defer stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for _, s := range l.lines {
			if containsAll(s, parts) {
				return s
			}
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("runtimetest: no log line with %q within %s", parts, DefaultTimeout)
		}
		l.cond.Wait()
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// logHandler formats records as "LEVEL msg k=v ..." with group-less attrs.
type logHandler struct {
	logs  *Logs
	attrs []slog.Attr
}

func (h *logHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *logHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String())
	b.WriteByte(' ')
	b.WriteString(r.Message)
	write := func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	}
	for _, a := range h.attrs {
		write(a)
	}
	r.Attrs(write)
	h.logs.add(b.String())
	return nil
}

func (h *logHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &logHandler{logs: h.logs, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

func (h *logHandler) WithGroup(string) slog.Handler { return h }
