package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/jsapi/baileys"
	jsbotrt "github.com/botrt/botrt/jsapi/botrt"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/store"
)

// botsConfig is what `botrt dev` and `botrt run` decide about the bots.
type botsConfig struct {
	scripts  string
	data     string // <data>: the store and the bots' private folders live below it
	storeKey []byte
	env      []string
	args     []string // appended to every bot's process.argv
	endpoint protocol.Endpoint
	// onQR is told about every QR code a session shows (printing it, or
	// linking it on a simulator).
	onQR func(ctx context.Context, s *protocol.Session, qr string)
	// logTap and onEvent, if set, also get the bots' log lines and
	// lifecycle events (the simulator's web page in dev mode).
	logTap  func(level slog.Level, bot, line string)
	onEvent func(runtime.Event)
	out     io.Writer // the runtime's log: bot starts, reloads, console output, script errors with file:line
}

// retentionEvery is how often the store's per-device tables are trimmed.
const retentionEvery = time.Hour

// qrPoll is how often open sessions are checked for a new QR code.
const qrPoll = 100 * time.Millisecond

// runBots runs every bot of cfg.scripts until ctx ends, then shuts down the
// scripts, the sessions and the store, in that order.
func runBots(ctx context.Context, cfg botsConfig) error {
	if st, err := os.Stat(cfg.scripts); err != nil {
		return fmt.Errorf("scripts folder: %w", err)
	} else if !st.IsDir() {
		return fmt.Errorf("scripts folder: %s is not a directory", cfg.scripts)
	}
	quiet := newConsole(cfg.out, slog.LevelWarn)
	db, err := store.Open(filepath.Join(cfg.data, "store"), store.Options{EncryptionKey: cfg.storeKey, Logger: quiet})
	if err != nil {
		return err
	}
	defer db.Close()
	container := store.NewContainer(db, nil)
	m, err := protocol.NewManager(db, container, protocol.Options{Endpoint: cfg.endpoint, Log: quiet})
	if err != nil {
		return err
	}
	defer m.Close()

	// Scripts that ask for a phone number through readline (the usual
	// pairing-code bots) can only be answered by a person at a terminal.
	builtins := jsapi.Builtins(jsapi.Config{Env: cfg.env, Args: cfg.args, Terminal: cfg.out, Version: version(),
		Stdin: os.Stdin, Interactive: scriptInput(os.Stdin)})
	mods := maps.Clone(builtins.Modules)
	maps.Copy(mods, baileys.Modules(baileys.Config{Manager: m}))
	mods["botrt"] = jsbotrt.New(db)
	host, err := runtime.New(runtime.Options{
		ScriptsDir: cfg.scripts,
		DataDir:    filepath.Join(cfg.data, "files"),
		Modules:    mods,
		Globals:    builtins.Globals,
		Logger:     newTappedConsole(cfg.out, slog.LevelInfo, cfg.logTap),
		OnEvent:    cfg.onEvent,
	})
	if err != nil {
		return err
	}

	bg, stopBG := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { defer func() { done <- struct{}{} }(); m.WatchQR(bg, qrPoll, cfg.onQR) }()
	go func() { defer func() { done <- struct{}{} }(); enforceRetention(bg, container, cfg.out) }()
	runErr := host.Run(ctx)
	stopBG()
	<-done
	<-done
	return runErr
}

func enforceRetention(ctx context.Context, c *store.Container, out io.Writer) {
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := c.EnforceRetention(ctx, store.DefaultRetention()); err != nil && !errors.Is(err, context.Canceled) {
				fmt.Fprintf(out, "store retention: %v\n", err)
			}
		}
	}
}

// scriptInput reports whether scripts' readline may read f: a terminal, or input piped or redirected
// into botrt, as Node would read it. Not /dev/null or another device (CI, services), where a
// question fails at once with a clear error instead of waiting for input that never comes.
func scriptInput(f *os.File) bool {
	if isTerminal(f) {
		return true
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeNamedPipe != 0 || st.Mode().IsRegular()
}
