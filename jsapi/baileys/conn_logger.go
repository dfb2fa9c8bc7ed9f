package baileys

import (
	"context"
	"log/slog"
	"math"
	"sync/atomic"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/protocol"
)

// maxLogBacklog bounds the session log records waiting for the bot's loop: a script that asked for
// debug logs while its loop is busy loses records (counted in a warning) rather than memory.
const maxLogBacklog = 1000

// pinoLevel maps a pino level value (trace 10 … fatal 60, silent Infinity) to the slog level the
// session's sink takes, false for silent.
func pinoLevel(v float64) (slog.Level, bool) {
	switch {
	case math.IsInf(v, 1) || math.IsNaN(v):
		return 0, false
	case v <= 20:
		return slog.LevelDebug, true
	case v <= 30:
		return slog.LevelInfo, true
	case v <= 40:
		return slog.LevelWarn, true
	}
	return slog.LevelError, true
}

// pinoMethod is the pino method a record of level is written with.
func pinoMethod(level slog.Level) string {
	switch {
	case level < slog.LevelInfo:
		return "debug"
	case level < slog.LevelWarn:
		return "info"
	case level < slog.LevelError:
		return "warn"
	}
	return "error"
}

// logTo makes write (a function of the pino method name, the message and an object of attributes,
// called on the bot's loop) the session's log sink at the pino level value, until the bot stops or
// another socket replaces it.
func (st *botState) logTo(s *protocol.Session, levelValue float64, write goja.Callable) {
	level, on := pinoLevel(levelValue)
	if !on {
		s.SetLogSink(nil)
		return
	}
	var backlog, dropped atomic.Int64
	release := s.SetLogSink(&protocol.LogSink{Level: level, Write: func(r slog.Record) {
		if backlog.Add(1) > maxLogBacklog {
			backlog.Add(-1)
			dropped.Add(1)
			return
		}
		done := st.bot.RegisterCallback()
		done(func() error {
			backlog.Add(-1)
			vm := st.bot.Runtime()
			attrs := vm.NewObject()
			if n := dropped.Swap(0); n > 0 {
				_ = attrs.Set("droppedBefore", n)
			}
			r.Attrs(func(a slog.Attr) bool {
				_ = attrs.Set(a.Key, a.Value.String())
				return true
			})
			if _, err := write(goja.Undefined(), vm.ToValue(pinoMethod(r.Level)), vm.ToValue(r.Message), attrs); err != nil {
				st.bot.Logger().Error("baileys: config.logger failed", "err", err)
			}
			return nil
		})
	}})
	context.AfterFunc(st.bot.Context(), release)
}
