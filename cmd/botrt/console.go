package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// consoleHandler prints log records for a person at a terminal:
// "15:04:05 [bot] message key=value", with the bot's name up front and
// warnings and errors marked, instead of slog's machine-oriented text.
type consoleHandler struct {
	mu    *sync.Mutex
	out   io.Writer
	level slog.Level
	attrs []slog.Attr
	// tap, if set, also gets each line (without time and bot name): the
	// simulator's web page shows the bots' logs through it.
	tap func(level slog.Level, bot, line string)
}

func newConsole(out io.Writer, level slog.Level) *slog.Logger {
	return newTappedConsole(out, level, nil)
}

func newTappedConsole(out io.Writer, level slog.Level, tap func(level slog.Level, bot, line string)) *slog.Logger {
	return slog.New(&consoleHandler{mu: &sync.Mutex{}, out: out, level: level, tap: tap})
}

func (h *consoleHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level }

func (h *consoleHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Time.Format(time.TimeOnly))
	var rest []slog.Attr
	bot := ""
	collect := func(a slog.Attr) bool {
		if a.Key == "bot" {
			bot = a.Value.String()
		} else {
			rest = append(rest, a)
		}
		return true
	}
	for _, a := range h.attrs {
		collect(a)
	}
	r.Attrs(collect)
	if bot != "" {
		fmt.Fprintf(&b, " [%s]", bot)
	}
	if r.Level >= slog.LevelWarn {
		fmt.Fprintf(&b, " %s:", r.Level)
	}
	line := r.Message
	for _, a := range rest {
		line += fmt.Sprintf(" %s=%v", a.Key, a.Value)
	}
	b.WriteString(" ")
	b.WriteString(line)
	b.WriteString("\n")
	if h.tap != nil {
		h.tap(r.Level, bot, line)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.out, b.String())
	return err
}

func (h *consoleHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup flattens groups: nothing botrt logs to the console uses them.
func (h *consoleHandler) WithGroup(string) slog.Handler { return h }
