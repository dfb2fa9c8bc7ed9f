package errs

import (
	"errors"
	"fmt"
	"testing"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/protocol/jsval"
)

func TestToBoom(t *testing.T) {
	cases := []struct {
		name    string
		err     error
		status  int
		server  bool
		payload string
		data    string
	}{
		{"restart required", New(RestartRequired, "Stream Errored (restart required)").WithData(jsval.NewObject().Set("tag", "stream:error")),
			515, true, `{"statusCode":515,"error":"Unknown","message":"Stream Errored (restart required)"}`, `{"tag":"stream:error"}`},
		{"logged out", New(LoggedOut, "Connection Failure"), 401, false,
			`{"statusCode":401,"error":"Unauthorized","message":"Connection Failure"}`, `null`},
		{"plain error hides its message", errors.New("disk full"), 500, true,
			`{"statusCode":500,"error":"Internal Server Error","message":"An internal server error occurred"}`, `null`},
		{"wrapped whatsmeow", fmt.Errorf("query: %w", whatsmeow.ErrIQNotFound), 404, false,
			`{"statusCode":404,"error":"Not Found","message":"query: info query returned status 404: item-not-found"}`, `{"text":"item-not-found"}`},
	}
	for _, c := range cases {
		b := ToBoom(c.err)
		if b.StatusCode != c.status || b.IsServer != c.server || b.Message != c.err.Error() {
			t.Errorf("%s: %+v", c.name, b)
		}
		if got := jsval.Stringify(b.Payload); got != c.payload {
			t.Errorf("%s: payload %s", c.name, got)
		}
		if got := jsval.Stringify(b.Data); got != c.data {
			t.Errorf("%s: data %s", c.name, got)
		}
	}
}
