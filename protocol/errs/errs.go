// Package errs is protocol's typed error: every failure a script can see
// carries the HTTP-like status code Baileys would have put in its Boom error
// (output.statusCode) and optional data, so jsapi can build the same
// Boom-shaped JS error (isBoom, output.statusCode, output.payload, data).
package errs

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/botrt/botrt/protocol/jsval"
)

// Baileys' DisconnectReason values (lib/Types/index.d.ts). TimedOut and
// ConnectionLost share 408 as in Baileys.
const (
	ConnectionClosed    = 428
	ConnectionLost      = 408
	ConnectionReplaced  = 440
	TimedOut            = 408
	LoggedOut           = 401
	BadSession          = 500
	RestartRequired     = 515
	MultideviceMismatch = 411
	Forbidden           = 403
	UnavailableService  = 503
)

// Reason is one DisconnectReason enum entry.
type Reason struct {
	Name string
	Code int
}

// DisconnectReasons lists the enum in Baileys' declaration order; jsapi builds
// the JS enum from it (a numeric TS enum also maps each code back to a name,
// the last declared name winning: 408 → "timedOut").
func DisconnectReasons() []Reason {
	return []Reason{
		{"connectionClosed", ConnectionClosed},
		{"connectionLost", ConnectionLost},
		{"connectionReplaced", ConnectionReplaced},
		{"timedOut", TimedOut},
		{"loggedOut", LoggedOut},
		{"badSession", BadSession},
		{"restartRequired", RestartRequired},
		{"multideviceMismatch", MultideviceMismatch},
		{"forbidden", Forbidden},
		{"unavailableService", UnavailableService},
	}
}

// Error is a failure with a Baileys status code. Message becomes the JS
// error's message, Data its data property (jsval rules; nil = null).
type Error struct {
	Status  int
	Message string
	Data    jsval.Value
	Err     error // the cause, if any
}

// New returns an Error without a cause.
func New(status int, message string) *Error {
	return &Error{Status: status, Message: message}
}

// Wrap returns an Error with the given status whose message is message and
// whose cause is err.
func Wrap(status int, message string, err error) *Error {
	return &Error{Status: status, Message: message, Err: err}
}

// WithData sets Data and returns e.
func (e *Error) WithData(data jsval.Value) *Error {
	e.Data = data
	return e
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	// FromWhatsmeow keeps the cause's own text as the message; say it once.
	if e.Err != nil && e.Message != e.Err.Error() {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// StatusCode is Boom's output.statusCode.
func (e *Error) StatusCode() int { return e.Status }

// StatusText is Boom's output.payload.error: Node's name for the status, or
// "Unknown" for codes Node does not name (440, 515, ...).
func StatusText(code int) string {
	if code == http.StatusTeapot {
		return "I'm a Teapot" // Node's spelling differs from Go's
	}
	if s := http.StatusText(code); s != "" {
		return s
	}
	return "Unknown"
}

// StatusOf returns the status code of the first error in err's chain that has
// one, mapping whatsmeow's errors through FromWhatsmeow, and 500 otherwise
// (Boom's default for a plain Error). It returns 0 for a nil err.
func StatusOf(err error) int {
	if err == nil {
		return 0
	}
	var sc interface{ StatusCode() int }
	if errors.As(err, &sc) {
		return sc.StatusCode()
	}
	return FromWhatsmeow(err).Status
}

// BadField is the 400 error for malformed script input: the message starts
// with the field's path ("content.poll.values: array expected") and data is
// {field: path}, so scripts and logs can tell which argument was wrong.
func BadField(path, format string, args ...any) *Error {
	if path == "" {
		path = "(value)"
	}
	return New(400, path+": "+fmt.Sprintf(format, args...)).WithData(jsval.NewObject().Set("field", path))
}
