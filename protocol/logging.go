package protocol

import (
	"context"
	"fmt"
	"log/slog"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// slogWA lets whatsmeow log through the process's slog logger. whatsmeow's debug output (every
// node sent and received) stays at debug level, so it costs nothing unless asked for.
type slogWA struct{ log *slog.Logger }

func newWALogger(log *slog.Logger) waLog.Logger { return slogWA{log} }

func (l slogWA) Warnf(f string, args ...any)  { l.log.Warn(fmt.Sprintf(f, args...)) }
func (l slogWA) Errorf(f string, args ...any) { l.log.Error(fmt.Sprintf(f, args...)) }
func (l slogWA) Infof(f string, args ...any)  { l.log.Info(fmt.Sprintf(f, args...)) }
func (l slogWA) Debugf(f string, args ...any) {
	if l.log.Enabled(context.Background(), slog.LevelDebug) {
		l.log.Debug(fmt.Sprintf(f, args...))
	}
}
func (l slogWA) Sub(module string) waLog.Logger { return slogWA{l.log.With("module", module)} }
