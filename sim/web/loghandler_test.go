package web

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestLogHandlerPublishesRuntimeRecords(t *testing.T) {
	w := &Web{log: newRing[Entry](10)}
	var console bytes.Buffer
	log := slog.New(Tee(slog.NewTextHandler(&console, nil), w.LogHandler(slog.LevelInfo)))

	log.Debug("below the level", "bot", "echo")
	log.With("bot", "echo").Info("hello from the bot")
	log.Error("load failed: SyntaxError: Unexpected token (3:5)\n\tat src/echo.ts:3:5", "bot", "echo", "generation", 2)
	log.Info("bot crashed; restarting", "bot", "echo", "err", errors.New("boom at lib/util.mjs:41:2"))

	got, _, seq, _ := w.log.since(0)
	if seq != 3 || len(got) != 3 {
		t.Fatalf("published %d entries (seq %d), want 3: %+v", len(got), seq, got)
	}
	if e := got[0]; e.Bot != "echo" || e.Kind != KindLog || e.Level != "info" || e.Text != "hello from the bot" || e.File != "" {
		t.Errorf("console line: %+v", e)
	}
	if e := got[1]; e.Kind != KindReload || e.Level != "error" || e.File != "src/echo.ts" || e.Line != 3 ||
		!strings.Contains(e.Text, "generation=2") || strings.Contains(e.Text, "bot=") {
		t.Errorf("load failure: %+v", e)
	}
	if e := got[2]; e.Kind != KindReload || e.File != "lib/util.mjs" || e.Line != 41 {
		t.Errorf("crash: %+v", e)
	}
	if n := strings.Count(console.String(), "\n"); n != 3 {
		t.Errorf("the tee'd console got %d lines, want 3:\n%s", n, console.String())
	}
}
