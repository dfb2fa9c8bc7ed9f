package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// Registering a number (Baileys' requestRegistrationCode and register, from its removed mobile API).
// WhatsApp creates accounts only in its phone apps; a linked device, which is all botrt is, cannot
// register a number with WhatsApp. Against a simulator the session uses the simulator's stand-in
// for the SMS or voice call (its /api/registrations endpoints on the same listener as the
// websocket), and register then links the session to the new account, as Baileys' register logs
// its socket in as the new number.

// errNoRegistration is what both calls reject with against WhatsApp.
func errNoRegistration(call string) *errs.Error {
	return errs.New(errs.Forbidden, call+": WhatsApp registers numbers only in its phone apps; botrt is a linked "+
		"device and cannot register an account (pair it with requestPairingCode or the QR code instead; "+
		"registration works against the botrt simulator)")
}

// registrationWait bounds how long Register waits for the session to show a QR code and then to
// log in as the new account.
const registrationWait = 30 * time.Second

// RegistrationCode is a code the simulator "sent" for a number.
type RegistrationCode struct {
	Phone   string // digits, no '+'
	Method  string
	Length  int
	Expires time.Time
}

// RequestRegistrationCode has the simulator send a registration code for phone (international
// digits, '+' allowed) by method ("sms", "voice", ...; "" is sms). The code is shown by the
// simulator's GET /api/registrations, as an SMS would show it on the phone.
func (s *Session) RequestRegistrationCode(ctx context.Context, phone, method string) (RegistrationCode, error) {
	if !s.m.opts.Endpoint.IsSim() {
		return RegistrationCode{}, errNoRegistration("requestRegistrationCode")
	}
	if err := s.unpaired("requestRegistrationCode"); err != nil {
		return RegistrationCode{}, err
	}
	var out struct {
		Phone   string    `json:"phone"`
		Method  string    `json:"method"`
		Code    string    `json:"code"`
		Expires time.Time `json:"expires"`
	}
	body := map[string]string{"phone": phone, "method": method}
	if err := s.simAPI(ctx, "/api/registrations", body, &out); err != nil {
		return RegistrationCode{}, err
	}
	// The code itself stays with the simulator: a script learns it the way a person would.
	return RegistrationCode{Phone: out.Phone, Method: out.Method, Length: len(out.Code), Expires: out.Expires}, nil
}

// Registered is the account Register created.
type Registered struct {
	JID types.JID // phone@s.whatsapp.net
	LID types.JID // the account's LID
}

// Register checks code for phone with the simulator, which creates the account (with push name
// name), and then links this session to it as a companion device; it returns once the session is
// logged in as the new number.
func (s *Session) Register(ctx context.Context, phone, code, name string) (Registered, error) {
	if !s.m.opts.Endpoint.IsSim() {
		return Registered{}, errNoRegistration("register")
	}
	if err := s.unpaired("register"); err != nil {
		return Registered{}, err
	}
	if phone == "" {
		return Registered{}, errs.New(400, "register: no registration code was requested on this session (call requestRegistrationCode first)")
	}
	var created struct {
		JID string `json:"jid"`
		LID string `json:"lid"`
	}
	body := map[string]string{"phone": phone, "code": code, "name": name}
	if err := s.simAPI(ctx, "/api/registrations/verify", body, &created); err != nil {
		return Registered{}, err
	}
	jid, err := types.ParseJID(created.JID)
	if err != nil {
		return Registered{}, fmt.Errorf("protocol: register: the simulator answered jid %q: %w", created.JID, err)
	}
	lid, _ := types.ParseJID(created.LID)
	ctx, cancel := context.WithTimeout(ctx, registrationWait)
	defer cancel()
	// The new account's phone scans the QR code this session shows.
	qr, err := s.awaitStatus(ctx, func(st Status) bool { return st.QR != "" })
	if err != nil {
		return Registered{}, errs.Wrap(errs.TimedOut, "register: the account "+jid.User+" exists, but the session showed no QR code to link it with", err)
	}
	link := map[string]string{"qr": qr.QR, "phone": jid.User, "name": name}
	if err := s.simAPI(ctx, "/api/link", link, nil); err != nil {
		return Registered{}, errs.Wrap(errs.StatusOf(err), "register: the account "+jid.User+" exists, but linking the session to it failed", err)
	}
	if _, err := s.awaitStatus(ctx, func(st Status) bool { return st.State == StateOpen && st.Me.ID.User == jid.User }); err != nil {
		return Registered{}, errs.Wrap(errs.TimedOut, "register: the session did not log in as "+jid.User, err)
	}
	return Registered{JID: jid, LID: lid}, nil
}

// unpaired refuses registration on a session that already has an account.
func (s *Session) unpaired(call string) error {
	if s.Paired() {
		return errs.New(400, call+": session "+s.name+" is already logged in; registering a number links a fresh session (logout first)")
	}
	return nil
}

// awaitStatus waits until cond holds for the session's status and returns that status.
func (s *Session) awaitStatus(ctx context.Context, cond func(Status) bool) (Status, error) {
	w := s.Watch()
	defer w.Close()
	for {
		if st := s.Status(); cond(st) {
			return st, nil
		}
		if _, err := w.Next(ctx); err != nil {
			return Status{}, err
		}
	}
}

// simAPI posts body as JSON to the simulator's path and decodes a successful answer into out (if
// not nil). The simulator's refusals keep their HTTP status (400 bad number, 403 wrong code, 404
// no pending code, 409 number already registered) and its error text.
func (s *Session) simAPI(ctx context.Context, path string, body any, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("protocol: %s: %w", path, err)
	}
	ctx, cancel := s.callContext(ctx)
	defer cancel()
	// The endpoint's client dials the simulator whatever the URL's host says.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+s.m.opts.Endpoint.SimAddr+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("protocol: %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	hc := s.m.opts.Endpoint.httpClient()
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		return errs.Wrap(errs.ConnectionClosed, "the simulator did not answer "+path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return errs.Wrap(errs.ConnectionClosed, "reading the simulator's answer to "+path, err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = http.StatusText(resp.StatusCode)
		}
		return errs.New(resp.StatusCode, e.Error).WithData(jsval.NewObject().Set("reason", e.Error))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("protocol: the simulator's answer to %s: %w", path, err)
	}
	return nil
}
