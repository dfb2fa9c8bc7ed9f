package protocol

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
)

// keepAliveGrace is how much longer than the keepalive interval a ping may go unanswered before
// the socket counts as lost (Baileys: keepAliveIntervalMs + 5 s).
const keepAliveGrace = 5 * time.Second

// connectDeadline is SessionConfig.ConnectTimeout for one connection attempt.
type connectDeadline struct {
	timer *time.Timer
	fired atomic.Bool
}

// armConnectDeadline starts the attempt's deadline: when it passes before the server answered
// the login, the attempt is ended (hangUp) and closes with 408. nil when no timeout is set.
func (s *Session) armConnectDeadline(hangUp context.CancelFunc) *connectDeadline {
	timeout := s.conn.get().ConnectTimeout
	if timeout <= 0 {
		return nil
	}
	d := &connectDeadline{}
	d.timer = time.AfterFunc(timeout, func() {
		d.fired.Store(true)
		s.signal(down{err: timedOut(timeout), retry: true})
		hangUp()
	})
	s.conn.mu.Lock()
	s.conn.deadline = d
	s.conn.mu.Unlock()
	return d
}

func timedOut(after time.Duration) *errs.Error {
	return errs.New(errs.TimedOut, "Timed Out: no answer to the login within connectTimeoutMs ("+after.String()+")")
}

// connectAnswered disarms the attempt's deadline once the server answered the login: the session
// opened, or shows a pairing code (Baileys bounds the QR phase by its QR timeouts instead).
func (s *Session) connectAnswered(evt any) {
	switch evt.(type) {
	case *wmevents.Connected, *wmevents.QR:
	default:
		return
	}
	s.conn.mu.Lock()
	d := s.conn.deadline
	s.conn.deadline = nil
	s.conn.mu.Unlock()
	d.stop()
}

func (d *connectDeadline) stop() {
	if d != nil {
		d.timer.Stop()
	}
}

// expired reports whether the deadline ended the attempt.
func (d *connectDeadline) expired() bool { return d != nil && d.fired.Load() }

// keepAlive pings the server every SessionConfig.KeepAlive while ctx (the connection) lives, and
// drops the connection with 408 when a ping goes unanswered for the interval plus keepAliveGrace.
// The returned wait blocks until the pinger stopped.
func (s *Session) keepAlive(ctx context.Context, cli *whatsmeow.Client) (wait func()) {
	interval := s.conn.get().KeepAlive
	if interval <= 0 {
		return func() {}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-ctx.Done():
				return
			}
			_, err := cli.DangerousInternals().SendIQ(ctx, whatsmeow.DangerousInfoQuery{
				Namespace: "w:p", Type: "get", To: types.ServerJID, Timeout: interval + keepAliveGrace, NoRetry: true})
			switch {
			case ctx.Err() != nil || errors.Is(err, whatsmeow.ErrNotConnected):
				return
			case errors.Is(err, whatsmeow.ErrIQTimedOut):
				s.log.Warn("keepalive ping unanswered: the connection is lost", "waited", interval+keepAliveGrace)
				s.signal(down{err: errs.New(errs.ConnectionLost, "Connection Lost: no answer to a keepalive ping within keepAliveIntervalMs + 5 s"), retry: true})
				return
			}
			// Any other answer, even an error stanza, shows the server is there.
		}
	})
	return wg.Wait
}
