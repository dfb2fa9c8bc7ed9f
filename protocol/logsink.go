package protocol

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
)

// LogSink receives a session's own log records (the session's and whatsmeow's) at or above Level,
// beside the manager's logger: a script's logger (Baileys' config.logger). Write is called on the
// session's and whatsmeow's goroutines and must not block.
type LogSink struct {
	Level slog.Level
	Write func(slog.Record)
}

// SetLogSink makes sink the session's log sink, replacing any set before; release removes it
// again unless another replaced it meanwhile.
func (s *Session) SetLogSink(sink *LogSink) (release func()) {
	s.logSink.Store(sink)
	return func() { s.logSink.CompareAndSwap(sink, nil) }
}

// teeHandler writes to the manager's handler and, at the sink's level, to the session's sink.
type teeHandler struct {
	base  slog.Handler
	sink  *atomic.Pointer[LogSink]
	attrs []slog.Attr // the With attributes, for the sink (base keeps its own)
	group string      // the open group, as a prefix of later attribute keys
}

func (h *teeHandler) wants(level slog.Level) *LogSink {
	if sink := h.sink.Load(); sink != nil && level >= sink.Level {
		return sink
	}
	return nil
}

func (h *teeHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level) || h.wants(level) != nil
}

func (h *teeHandler) Handle(ctx context.Context, r slog.Record) error {
	if sink := h.wants(r.Level); sink != nil {
		out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
		out.AddAttrs(h.attrs...)
		r.Attrs(func(a slog.Attr) bool {
			out.AddAttrs(h.grouped(a))
			return true
		})
		sink.Write(out)
	}
	if h.base.Enabled(ctx, r.Level) {
		return h.base.Handle(ctx, r)
	}
	return nil
}

func (h *teeHandler) grouped(a slog.Attr) slog.Attr {
	if h.group != "" {
		a.Key = h.group + "." + a.Key
	}
	return a
}

func (h *teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	attrs := slices.Clone(h.attrs)
	for _, a := range as {
		attrs = append(attrs, h.grouped(a))
	}
	return &teeHandler{base: h.base.WithAttrs(as), sink: h.sink, attrs: attrs, group: h.group}
}

func (h *teeHandler) WithGroup(name string) slog.Handler {
	group := name
	if h.group != "" {
		group = h.group + "." + name
	}
	return &teeHandler{base: h.base.WithGroup(name), sink: h.sink, attrs: h.attrs, group: group}
}
