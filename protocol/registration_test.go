package protocol

import (
	"context"
	"strings"
	"testing"

	"github.com/botrt/botrt/protocol/errs"
)

// Against WhatsApp (no simulator endpoint) both registration calls refuse with a 403 that says
// why, before any network traffic: a linked device cannot register a number. The session is not
// connected (a test must not reach WhatsApp), which these calls do not need.
func TestRegistrationRefusedAgainstWhatsApp(t *testing.T) {
	s := &Session{name: "wa", m: &Manager{opts: Options{Endpoint: Endpoint{}}}}
	_, err := s.RequestRegistrationCode(context.Background(), "4915112345678", "sms")
	if errs.StatusOf(err) != errs.Forbidden || !strings.Contains(err.Error(), "linked device") {
		t.Fatalf("requestRegistrationCode against WhatsApp: %v", err)
	}
	_, err = s.Register(context.Background(), "4915112345678", "123456", "")
	if errs.StatusOf(err) != errs.Forbidden || !strings.Contains(err.Error(), "cannot register") {
		t.Fatalf("register against WhatsApp: %v", err)
	}
}
