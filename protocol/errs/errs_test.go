package errs

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/protocol/jsval"
)

func TestFromWhatsmeow(t *testing.T) {
	cases := []struct {
		name string
		in   error
		want int
	}{
		{"iq bad request", whatsmeow.ErrIQBadRequest, 400},
		{"iq not authorized", whatsmeow.ErrIQNotAuthorized, 401},
		{"iq forbidden", whatsmeow.ErrIQForbidden, 403},
		{"iq not found wrapped", fmt.Errorf("get group: %w", whatsmeow.ErrIQNotFound), 404},
		{"iq rate limit", whatsmeow.ErrIQRateOverLimit, 429},
		{"iq unavailable", whatsmeow.ErrIQServiceUnavailable, 503},
		{"iq unknown code keeps it", &whatsmeow.IQError{Code: 421, Text: "x"}, 421},
		{"iq without code", &whatsmeow.IQError{}, 500},
		{"not connected", whatsmeow.ErrNotConnected, 428},
		{"dropped under a query", &whatsmeow.DisconnectedError{Action: "info query (retry)"}, 428},
		{"not logged in", whatsmeow.ErrNotLoggedIn, 401},
		{"iq timeout", whatsmeow.ErrIQTimedOut, 408},
		{"send timeout", fmt.Errorf("send: %w", whatsmeow.ErrMessageTimedOut), 408},
		{"ctx deadline", context.DeadlineExceeded, 408},
		{"no picture", whatsmeow.ErrProfilePictureNotSet, 404},
		{"not in group", whatsmeow.ErrNotInGroup, 403},
		{"server error", whatsmeow.ErrServerReturnedError, 500},
		{"download 410", whatsmeow.ErrMediaDownloadFailedWith410, 410},
		{"other", errors.New("boom"), 500},
		{"own passes", New(400, "bad"), 400},
	}
	for _, c := range cases {
		got := FromWhatsmeow(c.in)
		if got.Status != c.want || got.StatusCode() != c.want {
			t.Errorf("%s: status %d want %d", c.name, got.Status, c.want)
		}
		if StatusOf(c.in) != c.want {
			t.Errorf("%s: StatusOf %d want %d", c.name, StatusOf(c.in), c.want)
		}
		if !errors.Is(got, c.in) {
			t.Errorf("%s: cause lost", c.name)
		}
	}
	if FromWhatsmeow(nil) != nil || StatusOf(nil) != 0 {
		t.Fatal("nil must map to nil/0")
	}
}

func TestIQErrorCarriesTextAsData(t *testing.T) {
	e := FromWhatsmeow(whatsmeow.ErrIQNotFound)
	if got := jsval.Stringify(e.Data); got != `{"text":"item-not-found"}` {
		t.Fatalf("data = %s", got)
	}
	if err := jsval.Check(e.Data); err != nil {
		t.Fatal(err)
	}
}

func TestStatusOfFindsWrappedError(t *testing.T) {
	err := fmt.Errorf("outer: %w", New(403, "no").WithData("d"))
	if StatusOf(err) != 403 {
		t.Fatal(StatusOf(err))
	}
	var e *Error
	if !errors.As(err, &e) || e.Data != "d" {
		t.Fatal("data lost")
	}
}

func TestErrorMessage(t *testing.T) {
	if got := Wrap(500, "send", errors.New("x")).Error(); got != "send: x" {
		t.Fatal(got)
	}
	if got := Wrap(500, "", errors.New("x")).Error(); got != "x" {
		t.Fatal(got)
	}
	if got := New(515, "Stream Errored (restart required)").Error(); got != "Stream Errored (restart required)" {
		t.Fatal(got)
	}
	// A whatsmeow error keeps its own text as the message: it must read once, not twice.
	cause := &whatsmeow.IQError{Code: 501, Text: "feature-not-implemented"}
	if got, want := FromWhatsmeow(cause).Error(), cause.Error(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestStatusText(t *testing.T) {
	for code, want := range map[int]string{400: "Bad Request", 401: "Unauthorized", 408: "Request Timeout",
		428: "Precondition Required", 440: "Unknown", 515: "Unknown", 503: "Service Unavailable", 418: "I'm a Teapot"} {
		if got := StatusText(code); got != want {
			t.Errorf("%d: %q want %q", code, got, want)
		}
	}
}

func TestDisconnectReasons(t *testing.T) {
	want := map[string]int{"connectionClosed": 428, "connectionLost": 408, "connectionReplaced": 440,
		"timedOut": 408, "loggedOut": 401, "badSession": 500, "restartRequired": 515,
		"multideviceMismatch": 411, "forbidden": 403, "unavailableService": 503}
	got := DisconnectReasons()
	if len(got) != len(want) {
		t.Fatalf("%d reasons", len(got))
	}
	for _, r := range got {
		if want[r.Name] != r.Code {
			t.Errorf("%s = %d want %d", r.Name, r.Code, want[r.Name])
		}
	}
}

func TestBadField(t *testing.T) {
	e := BadField("content.poll.values", "array expected, got %s", "string")
	if e.Status != 400 || e.Error() != "content.poll.values: array expected, got string" {
		t.Fatalf("%d %s", e.Status, e.Error())
	}
	if got := jsval.Stringify(e.Data); got != `{"field":"content.poll.values"}` {
		t.Fatal(got)
	}
	if BadField("", "x").Message != "(value): x" {
		t.Fatal("empty path")
	}
}
