// Package admin is the simulator's control API, in Go and as HTTP/JSON under /api/ on the simulator's
// listener: the root key clients must trust, the accounts and their devices, and the phone's "scan" of a
// client's QR code. Other engineers add people, messages and groups routes beside these.
package admin

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/server"
)

// maxBody bounds request bodies; admin requests are tiny.
const maxBody = 1 << 20

// API serves the admin endpoints of one simulator.
type API struct {
	srv    *server.Server
	pairer *auth.Pairer
}

// Register adds the admin routes to srv's listener.
func Register(srv *server.Server, pairer *auth.Pairer) *API {
	a := &API{srv: srv, pairer: pairer}
	srv.HandleHTTP("GET /api/root-key", http.HandlerFunc(a.rootKey))
	srv.HandleHTTP("GET /api/accounts", http.HandlerFunc(a.accounts))
	srv.HandleHTTP("POST /api/link", http.HandlerFunc(a.link))
	return a
}

// DeviceInfo is one device in the accounts listing.
type DeviceInfo struct {
	JID            string     `json:"jid"`
	Connected      bool       `json:"connected"`
	ConnectedSince *time.Time `json:"connectedSince"`
	Connects       int        `json:"connects"`
	// Platform and FullSync are what the companion said of itself when it paired: the name a
	// phone lists it under ("Chrome (Ubuntu)") and whether it asked for the full history.
	Platform string `json:"platform,omitempty"`
	FullSync bool   `json:"fullSync,omitempty"`
}

// AccountInfo is one account in the accounts listing.
type AccountInfo struct {
	JID     string       `json:"jid"`
	LID     string       `json:"lid"`
	Name    string       `json:"name"`
	Person  bool         `json:"person"`
	Devices []DeviceInfo `json:"devices"`
}

// Accounts lists every account with its companion devices and their connection state. connects counts
// logins since the simulator started, so a test can prove that something did not reconnect.
func (a *API) Accounts() ([]AccountInfo, error) {
	accts, err := a.srv.Accounts().Accounts()
	if err != nil {
		return nil, err
	}
	out := make([]AccountInfo, 0, len(accts))
	for _, acct := range accts {
		devs, err := a.srv.Accounts().Devices(acct.Phone)
		if err != nil {
			return nil, err
		}
		info := AccountInfo{JID: acct.JID().String(), LID: acct.LIDJID().String(), Name: acct.Name, Person: acct.Person,
			Devices: []DeviceInfo{}}
		for _, d := range devs {
			if d.Virtual() {
				continue
			}
			st := a.srv.Stats(d.JID())
			di := DeviceInfo{JID: d.JID().String(), Connected: a.srv.Connected(d.JID()), Connects: st.Connects,
				Platform: d.Platform, FullSync: d.FullSync}
			if di.Connected {
				since := st.ConnectedSince
				di.ConnectedSince = &since
			}
			info.Devices = append(info.Devices, di)
		}
		out = append(out, info)
	}
	return out, nil
}

func (a *API) rootKey(w http.ResponseWriter, _ *http.Request) {
	pub := a.srv.RootPublic()
	writeJSON(w, http.StatusOK, hex.EncodeToString(pub[:]))
}

func (a *API) accounts(w http.ResponseWriter, _ *http.Request) {
	list, err := a.Accounts()
	if err != nil {
		a.srv.Logger().Error("sim admin: accounts", "err", err)
		writeError(w, http.StatusInternalServerError, "could not list accounts")
		return
	}
	writeJSON(w, http.StatusOK, list)
}

type linkRequest struct {
	QR    string `json:"qr,omitempty"`
	Phone string `json:"phone,omitempty"`
	Name  string `json:"name,omitempty"`
	Code  string `json:"code,omitempty"`
}

type linkResponse struct {
	JID    string `json:"jid"`
	Device string `json:"device"`
}

// link is the phone scanning a client's QR code: POST {"qr": "<the string the client shows>"} links
// that client to a new account (or to "phone" if given) and answers {"jid", "device"}. With
// {"phone", "code"} instead, the phone's user types the pairing code a client asked for with that
// number (Baileys' requestPairingCode) and that client is linked to the number's account.
func (a *API) link(w http.ResponseWriter, r *http.Request) {
	var req linkRequest
	if !readJSON(w, r, &req) {
		return
	}
	if (req.QR == "") == (req.Code == "") {
		writeError(w, http.StatusBadRequest, `give either "qr", or "phone" and "code"`)
		return
	}
	if req.Code != "" && req.Phone == "" {
		writeError(w, http.StatusBadRequest, `"code" goes with the "phone" that asked for it`)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	var dev *accounts.Device
	var err error
	if req.Code != "" {
		dev, err = a.pairer.EnterCode(ctx, req.Phone, req.Code)
	} else {
		dev, err = a.pairer.Link(ctx, req.QR, auth.LinkOptions{Phone: req.Phone, Name: req.Name})
	}
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, linkResponse{JID: dev.JID().ToNonAD().String(), Device: dev.JID().String()})
	case errors.Is(err, auth.ErrBadQR), errors.Is(err, auth.ErrBadCode):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, auth.ErrUnknownQR), errors.Is(err, auth.ErrNoPendingCode):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, auth.ErrBusy):
		writeError(w, http.StatusConflict, err.Error())
	case errors.Is(err, accounts.ErrExists), errors.Is(err, accounts.ErrNotFound):
		writeError(w, http.StatusBadRequest, err.Error())
	default:
		// The client went away or refused the pairing: a gateway-style failure, not a server bug.
		writeError(w, http.StatusBadGateway, fmt.Sprintf("linking failed: %v", err))
	}
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("bad JSON body: %v", err))
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
