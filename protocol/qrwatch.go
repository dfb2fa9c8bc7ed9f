package protocol

import (
	"context"
	"time"
)

// WatchQR calls fn once for every new QR code any open session of m shows,
// until ctx ends; fn runs on WatchQR's goroutine, one call at a time. It is
// how the CLI prints QR codes whether or not a script asks, and how
// `botrt dev` plays the simulator's phone so bots link without a scan.
// Scripts open sessions at any moment and Manager has no hook for that, so
// the open sessions are polled every interval (in memory, no store reads).
func (m *Manager) WatchQR(ctx context.Context, every time.Duration, fn func(ctx context.Context, s *Session, qr string)) {
	seen := map[string]string{} // session → last QR handed to fn
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		m.mu.Lock()
		open := make(map[string]*Session, len(m.sessions))
		for name, s := range m.sessions {
			open[name] = s
		}
		m.mu.Unlock()
		for name := range seen {
			if open[name] == nil {
				delete(seen, name)
			}
		}
		for name, s := range open {
			qr := s.Status().QR
			if qr != "" && qr != seen[name] {
				seen[name] = qr
				fn(ctx, s, qr)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
