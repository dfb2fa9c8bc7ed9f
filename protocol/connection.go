package protocol

import (
	"context"
	"math/rand/v2"
	"time"

	"go.mau.fi/whatsmeow"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
)

// Backoff spaces reconnect attempts: Min after the first failure, doubling up to Max, each delay
// spread by ±20% so that many sessions do not reconnect in lockstep. It restarts from Min once a
// connection opens.
type Backoff struct {
	Min, Max time.Duration
}

func (b Backoff) delay(attempt int) time.Duration {
	d := b.Min
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	jitter := time.Duration(rand.Int64N(int64(d)/5*2+1)) - d/5
	return d + jitter
}

// down is why the supervisor must drop the current connection.
type down struct {
	err   *errs.Error
	retry bool // reconnect after a backoff; false ends the supervisor
}

// runner is one run of the connection supervisor, from Connect to Disconnect or a final close.
type runner struct {
	cancel context.CancelFunc
	done   chan struct{}
	downs  chan down
	opened chan struct{} // signalled on events.Connected: resets the backoff
	hungUp chan struct{} // signalled on events.Disconnected: the socket is gone
}

// Connect starts connecting in the background and returns at once; progress is reported to
// watchers. Connecting a session that is already connecting or open does nothing.
func (s *Session) Connect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errs.New(errs.ConnectionClosed, "session "+s.name+" is closed")
	}
	if s.run != nil {
		select {
		case <-s.run.done:
		default:
			return nil
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{cancel: cancel, done: make(chan struct{}), downs: make(chan down, 1), opened: make(chan struct{}, 1), hungUp: make(chan struct{}, 1)}
	s.run = r
	go s.supervise(ctx, r)
	return nil
}

// Disconnect closes the connection and stops reconnecting (Baileys' end()). Watchers see
// connection: 'close' with 428. It lets the acknowledgement of an event just handled go out first
// (quiesce.go) and waits for the supervisor to stop.
func (s *Session) Disconnect() {
	s.mu.Lock()
	r := s.run
	s.mu.Unlock()
	if r == nil {
		return
	}
	s.activity.quiesce()
	r.cancel()
	<-r.done
}

// signal asks the running supervisor to drop the connection; a pending signal is kept (the first
// reason wins) and a signal without a running supervisor is dropped.
func (s *Session) signal(d down) {
	s.mu.Lock()
	r := s.run
	s.mu.Unlock()
	if r == nil {
		return
	}
	select {
	case r.downs <- d:
	default:
	}
}

// supervise connects, waits for the connection to go down, and reconnects with backoff until the
// run is cancelled or a close is final (logged out, replaced, banned, QR codes exhausted).
func (s *Session) supervise(ctx context.Context, r *runner) {
	defer close(r.done)
	attempt := 0
	for {
		s.freshDeviceIfLoggedOut()
		cli := s.client()
		s.update(func(st *Status) {
			st.State, st.QR, st.ReceivedPendingNotifications = StateConnecting, "", false
		}, events.Connecting())
		connCtx, hangUp := context.WithCancel(ctx)
		deadline := s.armConnectDeadline(hangUp)
		err := cli.ConnectContext(connCtx)
		var d down
		pinging := func() {}
		if err != nil {
			d = down{err: errs.Wrap(errs.ConnectionClosed, "Connection Failure", err), retry: true}
			if deadline.expired() {
				d.err = errs.Wrap(errs.TimedOut, timedOut(s.conn.get().ConnectTimeout).Message, err)
			}
		} else {
			pinging = s.keepAlive(connCtx, cli)
			select {
			case d = <-r.downs:
			case <-ctx.Done():
			}
		}
		deadline.stop()
		s.stopQR()
		s.hangUp(cli, hangUp, r, err == nil)
		pinging()
		if ctx.Err() != nil {
			s.closeWith(errs.New(errs.ConnectionClosed, "Connection Closed"))
			return
		}
		s.closeWith(d.err)
		if !d.retry {
			return
		}
		select {
		case <-r.opened:
			attempt = 0
		default:
		}
		attempt++
		wait := s.m.opts.Backoff.delay(attempt)
		s.log.Info("reconnecting", "in", wait, "attempt", attempt, "reason", d.err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			s.closeWith(errs.New(errs.ConnectionClosed, "Connection Closed"))
			return
		}
	}
}

// hangUpWait bounds how long hangUp waits for whatsmeow to notice the cancelled connection.
const hangUpWait = 5 * time.Second

// hangUp ends a connection by cancelling its context: whatsmeow's read loop then closes the socket
// itself. Closing it from outside (Client.Disconnect) while the read loop runs is a data race in
// whatsmeow (socket/framesocket.go: readPump reads the closed flag and SendFrame the conn without
// the lock Close writes them under), so Disconnect is only called once whatsmeow reported the socket
// gone (events.Disconnected). When whatsmeow already expects the disconnect (logout, replaced,
// refused login) it emits no event and is tearing the socket down by itself: nothing to wait for.
func (s *Session) hangUp(cli *whatsmeow.Client, cancel context.CancelFunc, r *runner, connected bool) {
	expected := cli.DangerousInternals().IsExpectedDisconnect()
	cancel()
	if connected && !expected {
		select {
		case <-r.hungUp:
			cli.Disconnect() // socket already gone: marks the end as expected, clears delayed requests
		case <-time.After(hangUpWait):
			// whatsmeow's frame reader can be stuck handing a last frame to a consumer that the
			// cancel already stopped (socket/framesocket.go frameComplete): its socket then stays
			// "connected" and every next Connect fails with "already connected". Nothing is
			// reading or sending on it any more, so closing it from here is safe; the stuck
			// reader goroutine itself cannot be freed.
			s.log.Warn("whatsmeow did not report the connection closed; closing its socket")
			cli.Disconnect()
		}
	}
	// The Disconnected event of this hang-up must not end the next connection.
	for {
		select {
		case <-r.downs:
		case <-r.hungUp:
		default:
			return
		}
	}
}

func (s *Session) closeWith(err *errs.Error) {
	s.update(func(st *Status) {
		st.State, st.QR, st.LastError = StateClosed, "", err
	}, events.Closed(err, time.Now()))
}

// onConnectionEvent handles whatsmeow's connection lifecycle events: it keeps the status, tells
// watchers, and decides with the supervisor whether to reconnect. It reports false for events
// that are not about the connection.
func (s *Session) onConnectionEvent(cli *whatsmeow.Client, evt any) bool {
	s.connectAnswered(evt)
	if cerr, ok := events.CloseError(evt); ok {
		s.onClose(evt, cerr)
		return true
	}
	switch e := evt.(type) {
	case *wmevents.QR:
		s.startQR(e.Codes)
	case *wmevents.PairSuccess:
		s.onPaired(cli, e)
	case *wmevents.PairError:
		s.log.Error("pairing failed", "err", e.Error)
		s.signal(down{err: errs.Wrap(errs.BadSession, "Pairing Failed", e.Error), retry: false})
	case *wmevents.Connected:
		s.onOpen(cli)
	case *wmevents.OfflineSyncCompleted:
		s.update(func(st *Status) { st.ReceivedPendingNotifications = true }, s.tr.Translate(context.Background(), e)...)
	case *wmevents.KeepAliveTimeout:
		if e.ErrorCount >= s.m.opts.DeafAfter {
			s.log.Warn("keepalives unanswered: treating the socket as deaf", "failures", e.ErrorCount, "lastSuccess", e.LastSuccess)
			s.signal(down{err: errs.New(errs.ConnectionLost, "Connection Lost"), retry: true})
		}
	case *wmevents.KeepAliveRestored, *wmevents.QRScannedWithoutMultidevice:
	default:
		return false
	}
	return true
}

// onClose handles an event that ends the connection (cerr is Baileys' close error for it): the
// connection is retried after a network loss, a server-side stream error or a 500/503 login
// failure; a logout, a replacing connection, a ban or an outdated client end the run.
func (s *Session) onClose(evt any, cerr *errs.Error) {
	retry := false
	switch e := evt.(type) {
	case *wmevents.Disconnected:
		retry = true
		s.mu.Lock()
		if r := s.run; r != nil {
			select {
			case r.hungUp <- struct{}{}:
			default:
			}
		}
		s.mu.Unlock()
	case *wmevents.LoggedOut:
		s.onLoggedOut(cerr)
		return
	case *wmevents.ConnectFailure:
		retry = e.Reason == wmevents.ConnectFailureServiceUnavailable || e.Reason == wmevents.ConnectFailureInternalServerError
	case *wmevents.StreamError, *wmevents.ManualLoginReconnect:
		retry = true
	}
	s.signal(down{err: cerr, retry: retry})
}
