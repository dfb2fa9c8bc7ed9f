package protocol

import (
	"context"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
)

// ConnectAndWait connects the session unless it is connecting or open already, and waits for the
// outcome of that attempt: nil once the session is open, or the error the attempt closed with (a
// pairing's 515 restart is part of the attempt). The supervisor keeps retrying in the background
// after a failed attempt, as after any close it retries. A session whose device was logged out is
// refused with 401 instead of starting a new pairing.
func (s *Session) ConnectAndWait(ctx context.Context) error {
	if s.Status().State == StateOpen {
		return nil
	}
	if st := s.Status(); !s.Paired() && errs.StatusOf(st.LastError) == errs.LoggedOut && !s.running() {
		return errs.New(errs.LoggedOut, "Intentional Logout: this session was logged out; pair it again with a new socket (makeWASocket)")
	}
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		return err
	}
	// The watch first replays the current state: a close from before this call is no outcome.
	attempting := false
	for {
		ev, err := w.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return errs.Wrap(errs.TimedOut, "connect: gave up waiting for the connection", err)
			}
			return errs.Wrap(errs.ConnectionClosed, "Connection Closed", err)
		}
		if ev.Name != "connection.update" {
			continue
		}
		switch connectionOf(ev) {
		case "connecting":
			attempting = true
		case "open":
			return nil
		case "close":
			cause := closeError(ev)
			if !attempting || errs.StatusOf(cause) == errs.RestartRequired {
				continue
			}
			return cause
		}
	}
}

// connectionOf is a connection.update's connection field ("" when it has none).
func connectionOf(ev events.Event) string {
	o, _ := ev.Payload.(*jsval.Object)
	if o == nil {
		return ""
	}
	v, _ := o.Get("connection")
	c, _ := v.(string)
	return c
}

// closeError is a close update's lastDisconnect.error.
func closeError(ev events.Event) error {
	o, _ := ev.Payload.(*jsval.Object)
	if o == nil {
		return errs.New(errs.ConnectionClosed, "Connection Closed")
	}
	last, _ := o.Get("lastDisconnect")
	lo, _ := last.(*jsval.Object)
	if lo == nil {
		return errs.New(errs.ConnectionClosed, "Connection Closed")
	}
	e, _ := lo.Get("error")
	if err, ok := e.(error); ok {
		return err
	}
	return errs.New(errs.ConnectionClosed, "Connection Closed")
}
