package errs

import (
	"context"
	"errors"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/protocol/jsval"
)

// sentinel maps whatsmeow's plain sentinel errors to the status Baileys
// reports for the same situation.
var sentinel = []struct {
	err    error
	status int
}{
	// Not connected: Baileys rejects with 428 "Connection Closed".
	{whatsmeow.ErrNotConnected, ConnectionClosed},
	{whatsmeow.ErrClientIsNil, ConnectionClosed},
	// No device JID: the session was logged out or never paired.
	{whatsmeow.ErrNotLoggedIn, LoggedOut},
	// Query and send timeouts: Baileys' promiseTimeout throws 408 "Timed Out".
	{whatsmeow.ErrIQTimedOut, TimedOut},
	{whatsmeow.ErrMessageTimedOut, TimedOut},
	{whatsmeow.ErrProfilePictureUnauthorized, 401},
	{whatsmeow.ErrProfilePictureNotSet, 404},
	{whatsmeow.ErrGroupInviteLinkUnauthorized, 401},
	{whatsmeow.ErrNotInGroup, 403},
	{whatsmeow.ErrGroupNotFound, 404},
	{whatsmeow.ErrInviteLinkInvalid, 400},
	{whatsmeow.ErrInviteLinkRevoked, 410},
	{whatsmeow.ErrInvalidImageFormat, 400},
	{whatsmeow.ErrInvalidDisappearingTimer, 400},
	{whatsmeow.ErrPhoneNumberTooShort, 400},
	{whatsmeow.ErrPhoneNumberIsNotInternational, 400},
	{whatsmeow.ErrRecipientADJID, 400},
	{whatsmeow.ErrUnknownServer, 400},
	{whatsmeow.ErrBroadcastListUnsupported, 400},
	{whatsmeow.ErrNoPushName, 400},
	{whatsmeow.ErrMediaNotAvailableOnPhone, 404},
	{whatsmeow.ErrNothingDownloadableFound, 400},
	{whatsmeow.ErrNoURLPresent, 400},
	{whatsmeow.ErrUnknownMediaType, 400},
	{whatsmeow.ErrOriginalMessageSecretNotFound, 404},
	{whatsmeow.ErrServerReturnedError, 500},
	{whatsmeow.ErrAlreadyConnected, 400},
	{context.DeadlineExceeded, TimedOut},
	{context.Canceled, ConnectionClosed},
}

// FromWhatsmeow maps an error returned by a whatsmeow call to an *Error with
// the status Baileys uses: an IQ error keeps the server's code (400, 401,
// 403, 404, 406, 419, 429, 500, 503, ...), a media download HTTP error its
// HTTP status, the known sentinels the numbers in the table above, and
// anything else 500. An *Error passes through unchanged; nil maps to nil.
func FromWhatsmeow(err error) *Error {
	if err == nil {
		return nil
	}
	var own *Error
	if errors.As(err, &own) {
		return own
	}
	var iq *whatsmeow.IQError
	if errors.As(err, &iq) && iq.Code != 0 {
		return &Error{Status: iq.Code, Message: err.Error(), Err: err,
			Data: dataText(iq.Text)}
	}
	// The connection dropped before the answer came: Baileys' waitForMessage
	// rejects with 428 "Connection Closed" when its socket closes.
	var disc *whatsmeow.DisconnectedError
	if errors.As(err, &disc) {
		return &Error{Status: ConnectionClosed, Message: err.Error(), Err: err}
	}
	var dl whatsmeow.DownloadHTTPError
	if errors.As(err, &dl) && dl.Response != nil {
		return &Error{Status: dl.StatusCode, Message: err.Error(), Err: err}
	}
	for _, s := range sentinel {
		if errors.Is(err, s.err) {
			return &Error{Status: s.status, Message: err.Error(), Err: err}
		}
	}
	return &Error{Status: 500, Message: err.Error(), Err: err}
}

// dataText carries the IQ error text ("item-not-found") as Boom data, where
// Baileys' assertNodeErrorFree puts the error node's attributes.
func dataText(text string) jsval.Value {
	if text == "" {
		return nil
	}
	return jsval.NewObject().Set("text", text)
}
