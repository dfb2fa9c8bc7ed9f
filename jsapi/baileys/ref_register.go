package baileys

import (
	"context"
	"maps"
	"strings"
	"sync"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	maps.Copy(methods, map[string]method{
		"requestRegistrationCode": {[]string{"registrationOptions"}, requestRegistrationCode},
		"register":                {[]string{"code"}, register},
	})
}

// pendingRegistrations remembers, per session, the number the last requestRegistrationCode asked
// a code for, so register(code) knows which number the code is for (Baileys keeps it in
// creds.registration). Sessions outlive hot reloads, so the pair survives one.
var pendingRegistrations sync.Map // *protocol.Session → phone digits

// requestRegistrationCode takes Baileys' RegistrationOptions: phoneNumberCountryCode and
// phoneNumberNationalNumber (or phoneNumber), method 'sms' | 'voice' | ...; the mobile network
// codes are accepted and not needed.
func requestRegistrationCode(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	opts, ok := a[0].(*jsval.Object)
	if !ok {
		return nil, errs.BadField("registrationOptions", "{ phoneNumberCountryCode, phoneNumberNationalNumber, method } expected, got %s", jsval.KindOf(a[0]))
	}
	phone, err := registrationPhone(opts)
	if err != nil {
		return nil, err
	}
	method := ""
	if v := field(opts, "method"); !absent(v) {
		if method, err = str(v, "registrationOptions.method"); err != nil {
			return nil, err
		}
	}
	code, err := s.RequestRegistrationCode(ctx, phone, method)
	if err != nil {
		return nil, err
	}
	pendingRegistrations.Store(s, code.Phone)
	// The shape of WhatsApp's answer Baileys resolved with (ExistsResponse); the code is not in it.
	return jsval.NewObject().Set("status", "sent").Set("login", code.Phone).Set("method", code.Method).
		Set("length", int64(code.Length)).Set(code.Method+"_length", int64(code.Length)).Set(code.Method+"_wait", int64(0)), nil
}

// registrationPhone is the number the options name, as digits.
func registrationPhone(opts *jsval.Object) (string, error) {
	part := func(key string) (string, error) {
		v := field(opts, key)
		if absent(v) {
			return "", nil
		}
		s, err := str(v, "registrationOptions."+key)
		if err != nil {
			return "", err
		}
		// Baileys strips '+', spaces, dashes, slashes and brackets the same way.
		return strings.Map(func(r rune) rune {
			if strings.ContainsRune("+ -/()", r) {
				return -1
			}
			return r
		}, s), nil
	}
	full, err := part("phoneNumber")
	if err != nil {
		return "", err
	}
	cc, err := part("phoneNumberCountryCode")
	if err != nil {
		return "", err
	}
	national, err := part("phoneNumberNationalNumber")
	if err != nil {
		return "", err
	}
	switch {
	case cc != "" && national != "":
		if full != "" && full != cc+national {
			return "", errs.BadField("registrationOptions.phoneNumber", "%q is not country code %s + national number %s", full, cc, national)
		}
		return cc + national, nil
	case full != "":
		return full, nil
	}
	return "", errs.BadField("registrationOptions.phoneNumberNationalNumber", "the number to register is missing (give phoneNumberCountryCode and phoneNumberNationalNumber)")
}

// register(code) completes the registration requestRegistrationCode started: the account is
// created and this socket logs in as it (creds.update, then connection 'open').
func register(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	code, err := str(a[0], "code")
	if err != nil {
		return nil, err
	}
	phone, _ := pendingRegistrations.Load(s)
	p, _ := phone.(string)
	acct, err := s.Register(ctx, p, code, "")
	if err != nil {
		return nil, err
	}
	pendingRegistrations.Delete(s)
	return jsval.NewObject().Set("status", "ok").Set("login", acct.JID.User).SetIf(acct.LID.User != "", "lid", acct.LID.User), nil
}
