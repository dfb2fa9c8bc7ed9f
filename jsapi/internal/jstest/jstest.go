// Package jstest runs jsapi modules on a bare goja runtime behind a minimal
// runtime.Bot, so each module's unit tests drive real JS without the whole
// host. The test goroutine is the bot's loop: Await runs completed callback
// slots until a promise settles.
package jstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
)

// Options configures a Bot.
type Options struct {
	Modules   map[string]runtime.Module
	Globals   []runtime.Global
	DataDir   string // default: a new t.TempDir()
	ScriptDir string // default: a new t.TempDir()
}

// Bot is a runtime.Bot for tests.
type Bot struct {
	t      testing.TB
	vm     *goja.Runtime
	ctx    context.Context
	cancel context.CancelFunc
	opts   Options
	log    *slog.Logger
	logs   *syncBuffer
	cache  map[string]goja.Value

	mu       sync.Mutex
	queue    []func() error
	pending  int
	wake     chan struct{}
	exitCode int
	exited   bool
}

var _ runtime.Bot = (*Bot)(nil)

// New builds a bot, installs opts.Globals and a global require over
// opts.Modules (with the node: prefix), and cancels its context at cleanup.
func New(t testing.TB, opts Options) *Bot {
	t.Helper()
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	if opts.ScriptDir == "" {
		opts.ScriptDir = t.TempDir()
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	b := &Bot{
		t: t, vm: goja.New(), ctx: ctx, cancel: cancel, opts: opts, logs: logs,
		log:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		cache: map[string]goja.Value{},
		wake:  make(chan struct{}, 1),
	}
	t.Cleanup(cancel)
	b.vm.SetMaxCallStackSize(5000)
	for _, g := range opts.Globals {
		if err := g.Install(b); err != nil {
			t.Fatalf("installing global: %v", err)
		}
	}
	if err := b.vm.Set("require", b.require); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *Bot) require(name string) goja.Value {
	key := strings.TrimPrefix(name, "node:")
	if v, ok := b.cache[key]; ok {
		return v
	}
	m, ok := b.opts.Modules[key]
	if !ok {
		panic(b.vm.NewGoError(fmt.Errorf("cannot find module %q", name)))
	}
	v, err := m.Instantiate(b)
	if err != nil {
		panic(b.vm.NewGoError(fmt.Errorf("module %q failed to initialise: %w", name, err)))
	}
	b.cache[key] = v
	return v
}

// Name implements runtime.Bot.
func (b *Bot) Name() string { return "testbot" }

// Runtime implements runtime.Bot.
func (b *Bot) Runtime() *goja.Runtime { return b.vm }

// Context implements runtime.Bot.
func (b *Bot) Context() context.Context { return b.ctx }

// DataDir implements runtime.Bot.
func (b *Bot) DataDir() string { return b.opts.DataDir }

// ScriptDir implements runtime.Bot.
func (b *Bot) ScriptDir() string { return b.opts.ScriptDir }

// Logger implements runtime.Bot.
func (b *Bot) Logger() *slog.Logger { return b.log }

// Exit implements runtime.Bot: it records the code and cancels the context.
func (b *Bot) Exit(code int) {
	b.mu.Lock()
	b.exitCode, b.exited = code, true
	b.mu.Unlock()
	b.cancel()
}

// Exited reports whether Exit was called and with which code.
func (b *Bot) Exited() (int, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.exitCode, b.exited
}

// Logs is everything written to the bot's logger so far.
func (b *Bot) Logs() string { return b.logs.String() }

// RegisterCallback implements runtime.Bot with the exactly-once contract.
func (b *Bot) RegisterCallback() func(func() error) bool {
	b.mu.Lock()
	b.pending++
	b.mu.Unlock()
	var once sync.Once
	return func(fn func() error) bool {
		done := false
		once.Do(func() {
			done = true
			b.mu.Lock()
			defer b.mu.Unlock()
			if fn == nil {
				b.pending--
			} else {
				b.queue = append(b.queue, func() error {
					b.mu.Lock()
					b.pending--
					b.mu.Unlock()
					return fn()
				})
			}
			select {
			case b.wake <- struct{}{}:
			default:
			}
		})
		if !done {
			b.t.Errorf("a callback slot was completed twice")
		}
		return done
	}
}

// Pending is the number of reserved slots not completed yet.
func (b *Bot) Pending() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pending
}

// Run runs src and returns its completion value or the error it threw.
func (b *Bot) Run(src string) (goja.Value, error) {
	return b.vm.RunString(src)
}

// Eval runs src and fails the test if it throws.
func (b *Bot) Eval(src string) goja.Value {
	b.t.Helper()
	v, err := b.vm.RunString(src)
	if err != nil {
		b.t.Fatalf("script failed: %v\n%s", err, src)
	}
	return v
}

// Expect runs each expression and fails the test, going on with the others, for each that throws or
// whose value as a string is not the one given.
func (b *Bot) Expect(cases map[string]string) {
	b.t.Helper()
	for expr, want := range cases {
		got, err := b.Run(expr)
		switch {
		case err != nil:
			b.t.Errorf("%s: %v", expr, err)
		case got.String() != want:
			b.t.Errorf("%s\n got %q\nwant %q", expr, got.String(), want)
		}
	}
}

// ExpectThrows runs each expression and fails the test, going on with the others, for each that does
// not throw an error whose text holds the one given.
func (b *Bot) ExpectThrows(cases map[string]string) {
	b.t.Helper()
	for expr, want := range cases {
		if _, err := b.Run(expr); err == nil || !strings.Contains(err.Error(), want) {
			b.t.Errorf("%s: error %v, want %q", expr, err, want)
		}
	}
}

// Await runs src; if its value is a promise it runs completed callbacks until
// the promise settles (or 10 s pass) and returns the value or the rejection.
func (b *Bot) Await(src string) (goja.Value, error) {
	b.t.Helper()
	v, err := b.vm.RunString(src)
	if err != nil {
		return nil, err
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return v, nil
	}
	deadline := time.After(10 * time.Second)
	for p.State() == goja.PromiseStatePending {
		b.mu.Lock()
		q := b.queue
		b.queue = nil
		b.mu.Unlock()
		for _, fn := range q {
			if err := fn(); err != nil {
				return nil, fmt.Errorf("callback failed: %w", err)
			}
		}
		if len(q) > 0 {
			continue
		}
		select {
		case <-b.wake:
		case <-deadline:
			return nil, errors.New("promise still pending after 10s")
		}
	}
	if p.State() == goja.PromiseStateRejected {
		r := p.Result()
		if o, ok := r.(*goja.Object); ok {
			if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) {
				return nil, &Rejection{Value: r, Text: st.String()}
			}
		}
		return nil, &Rejection{Value: r, Text: r.String()}
	}
	return p.Result(), nil
}

// MustAwait is Await failing the test on rejection.
func (b *Bot) MustAwait(src string) goja.Value {
	b.t.Helper()
	v, err := b.Await(src)
	if err != nil {
		b.t.Fatalf("script failed: %v\n%s", err, src)
	}
	return v
}

// Rejection is a promise rejected with Value.
type Rejection struct {
	Value goja.Value
	Text  string
}

func (r *Rejection) Error() string { return "rejected: " + r.Text }

// syncBuffer is a bytes.Buffer safe for concurrent writers.
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
