package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
)

// LogHandler returns a slog.Handler that shows the records of the runtime's logger (bots' console
// output and the host's start, reload, failure and crash reports) on the page's bot panel:
//
//	logger := slog.New(web.Tee(console, sim.Web.LogHandler(slog.LevelInfo)))
//	runtime.New(runtime.Options{Logger: logger, …})
//
// The "bot" attribute names the bot; a record with a "generation" attribute, or whose message starts
// with "bot ", is a reload event; the first script location (name.js:line) in the message or an "err"
// attribute is the entry's file:line. Other attributes follow the message as key=value.
func (w *Web) LogHandler(level slog.Leveler) slog.Handler {
	return &logHandler{w: w, level: level}
}

type logHandler struct {
	w     *Web
	level slog.Leveler
	attrs []slog.Attr
}

// scriptLocation finds "file.js:12" (also .ts, .mjs, .cjs, .jsx, .tsx) in an error text.
var scriptLocation = regexp.MustCompile(`([\w./@-]+\.(?:[cm]?js|[cm]?ts|jsx|tsx)):(\d+)`)

func (h *logHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

func (h *logHandler) Handle(_ context.Context, r slog.Record) error {
	e := Entry{Time: r.Time, Kind: KindLog, Level: strings.ToLower(r.Level.String())}
	if strings.HasPrefix(r.Message, "bot ") {
		e.Kind = KindReload
	}
	var text strings.Builder
	text.WriteString(r.Message)
	where := r.Message
	take := func(a slog.Attr) bool {
		switch a.Key {
		case "bot":
			e.Bot = a.Value.String()
			return true
		case "generation":
			e.Kind = KindReload
		case "err":
			where += " " + a.Value.String()
		}
		fmt.Fprintf(&text, " %s=%v", a.Key, a.Value)
		return true
	}
	for _, a := range h.attrs {
		take(a)
	}
	r.Attrs(take)
	e.Text = text.String()
	if m := scriptLocation.FindStringSubmatch(where); m != nil {
		e.File = m[1]
		e.Line, _ = strconv.Atoi(m[2]) // the pattern matched digits; only an absurd length fails
	}
	h.w.Publish(e)
	return nil
}

func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup keeps attributes flat: the panel shows key=value pairs, not nested groups.
func (h *logHandler) WithGroup(string) slog.Handler { return h }

// Tee returns a handler that passes every record to each of handlers that is enabled for its level.
func Tee(handlers ...slog.Handler) slog.Handler { return tee(handlers) }

type tee []slog.Handler

func (t tee) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range t {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (t tee) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, h := range t {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("web: tee: %w", errors.Join(errs...))
	}
	return nil
}

func (t tee) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(tee, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(attrs)
	}
	return out
}

func (t tee) WithGroup(name string) slog.Handler {
	out := make(tee, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(name)
	}
	return out
}
