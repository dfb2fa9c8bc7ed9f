package events

import (
	"strconv"
	"time"

	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// Connecting is the first connection.update of every (re)connection.
func Connecting() Event {
	return Event{"connection.update", jsval.NewObject().
		Set("connection", "connecting").Set("receivedPendingNotifications", false).Set("qr", jsval.Undefined)}
}

// Open is connection.update {connection: 'open'}.
func Open() Event {
	return Event{"connection.update", jsval.NewObject().Set("connection", "open")}
}

// QR is connection.update {qr}; the session rotates codes (60 s for the
// first, 20 s for each next) and emits one of these per code.
func QR(code string) Event {
	return Event{"connection.update", jsval.NewObject().Set("qr", code)}
}

// Closed is connection.update {connection: 'close', lastDisconnect: {error,
// date}}; err should carry a status code (an *errs.Error) so that scripts can
// read lastDisconnect.error.output.statusCode; other errors read as 500.
func Closed(err error, at time.Time) Event {
	return Event{"connection.update", jsval.NewObject().
		Set("connection", "close").
		Set("lastDisconnect", jsval.NewObject().Set("error", err).Set("date", at))}
}

// CredsUpdate is creds.update {me: {id, name?, lid?}}: scripts' saveCreds
// listener runs on it and pairing flows read creds.me.
func CredsUpdate(me Me) Event {
	m := jsval.NewObject().Set("id", me.ID.String()).
		SetIf(me.Name != "", "name", me.Name).
		SetIf(!me.LID.IsEmpty(), "lid", me.LID.String())
	return Event{"creds.update", jsval.NewObject().Set("me", m)}
}

// Close errors with Baileys' messages and codes.
func streamErrored(code int, what string) *errs.Error {
	return errs.New(code, "Stream Errored ("+what+")")
}

func connectionFailure(code int) *errs.Error {
	return errs.New(code, "Connection Failure").WithData(jsval.NewObject().Set("reason", strconv.Itoa(code)))
}

// CloseError is the error Baileys closes the connection with for a whatsmeow
// lifecycle event (lastDisconnect.error), with Baileys' message and status
// code; ok is false for events that do not end a connection.
func CloseError(evt any) (err *errs.Error, ok bool) {
	switch e := evt.(type) {
	case *wmevents.ManualLoginReconnect:
		// The 515 after pairing: Baileys closes and the script reconnects.
		return streamErrored(errs.RestartRequired, "restart required"), true
	case *wmevents.Disconnected:
		return errs.New(errs.ConnectionClosed, "Connection Terminated"), true
	case *wmevents.StreamReplaced:
		return streamErrored(errs.ConnectionReplaced, "conflict"), true
	case *wmevents.LoggedOut:
		if e.OnConnect {
			return connectionFailure(errs.LoggedOut), true
		}
		return streamErrored(errs.LoggedOut, "conflict"), true
	case *wmevents.TemporaryBan:
		return connectionFailure(402).WithData(jsval.NewObject().
			Set("reason", "402").Set("code", int64(e.Code)).Set("expire", int64(e.Expire/time.Second))), true
	case *wmevents.ConnectFailure:
		return connectionFailure(int(e.Reason)), true
	case *wmevents.ClientOutdated:
		return connectionFailure(405), true
	case *wmevents.StreamError:
		code, err := strconv.Atoi(e.Code)
		if err != nil || code == 0 {
			code = errs.BadSession
		}
		reason := "unknown"
		if e.Raw != nil {
			if kids := e.Raw.GetChildren(); len(kids) > 0 {
				reason = kids[0].Tag
			}
		}
		return streamErrored(code, reason), true
	case *wmevents.CATRefreshError:
		return errs.Wrap(errs.BadSession, "Connection Failure", e.Error), true
	}
	return nil, false
}

// connection translates whatsmeow's connection lifecycle events. Close times
// are the translation time (whatsmeow's events carry none).
func (t *Translator) connection(evt any) []Event {
	if err, ok := CloseError(evt); ok {
		return []Event{Closed(err, time.Now())}
	}
	switch e := evt.(type) {
	case *wmevents.QR:
		if len(e.Codes) == 0 {
			return nil
		}
		return []Event{QR(e.Codes[0])}
	case *wmevents.PairSuccess:
		me := Me{ID: e.ID, LID: e.LID, Name: e.BusinessName}
		return []Event{CredsUpdate(me), {"connection.update", jsval.NewObject().Set("isNewLogin", true).Set("qr", jsval.Undefined)}}
	case *wmevents.Connected:
		var out []Event
		if me := t.look.Me(); !me.ID.IsEmpty() {
			out = append(out, CredsUpdate(me))
		}
		return append(out, Open())
	case *wmevents.OfflineSyncCompleted:
		return []Event{{"connection.update", jsval.NewObject().Set("receivedPendingNotifications", true)}}
	}
	return nil
}
