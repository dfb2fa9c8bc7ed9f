package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/server"
)

// requestTimeout bounds admin requests that make a person talk to the server (pairing, sending, uploads).
const requestTimeout = time.Minute

// PeopleAPI serves the people, their messages and the groups they create.
type PeopleAPI struct {
	srv    *server.Server
	people *people.Service
}

// RegisterPeople adds the people, messages and groups routes to srv's listener.
func RegisterPeople(srv *server.Server, svc *people.Service) *PeopleAPI {
	a := &PeopleAPI{srv: srv, people: svc}
	srv.HandleHTTP("GET /api/people", http.HandlerFunc(a.list))
	srv.HandleHTTP("POST /api/people", http.HandlerFunc(a.create))
	srv.HandleHTTP("POST /api/people/{phone}/messages", http.HandlerFunc(a.send))
	srv.HandleHTTP("GET /api/people/{phone}/messages", http.HandlerFunc(a.received))
	srv.HandleHTTP("GET /api/people/{phone}/media/{id}", http.HandlerFunc(a.media))
	srv.HandleHTTP("POST /api/groups", http.HandlerFunc(a.createGroup))
	return a
}

func (a *PeopleAPI) list(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, a.people.List())
}

type createPersonRequest struct {
	Phone string `json:"phone"`
	Name  string `json:"name"`
}

type jidResponse struct {
	JID string `json:"jid"`
}

// create is POST /api/people {"phone","name"} → {"jid"}; an existing person is answered as created.
func (a *PeopleAPI) create(w http.ResponseWriter, r *http.Request) {
	var req createPersonRequest
	if !readJSON(w, r, &req) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	jid, err := a.people.Create(ctx, req.Phone, req.Name)
	if err != nil {
		a.fail(w, "create person", err)
		return
	}
	writeJSON(w, http.StatusOK, jidResponse{JID: jid.String()})
}

// send is POST /api/people/{phone}/messages with a people.Outgoing → {"id"}.
func (a *PeopleAPI) send(w http.ResponseWriter, r *http.Request) {
	var out people.Outgoing
	if !readJSON(w, r, &out) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	id, err := a.people.Send(ctx, r.PathValue("phone"), out)
	if err != nil {
		a.fail(w, "send", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

// received is GET /api/people/{phone}/messages[?after=<id>]: what the person received, oldest first.
func (a *PeopleAPI) received(w http.ResponseWriter, r *http.Request) {
	msgs, err := a.people.Received(r.PathValue("phone"), r.URL.Query().Get("after"))
	if err != nil {
		a.fail(w, "received", err)
		return
	}
	writeJSON(w, http.StatusOK, msgs)
}

// media is GET /api/people/{phone}/media/{id}: the downloaded attachment of a received message.
func (a *PeopleAPI) media(w http.ResponseWriter, r *http.Request) {
	info, data, err := a.people.MediaOf(r.PathValue("phone"), r.PathValue("id"))
	if err != nil {
		a.fail(w, "media", err)
		return
	}
	w.Header().Set("Content-Type", info.Mimetype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

type createGroupRequest struct {
	Creator      string   `json:"creator"`
	Subject      string   `json:"subject"`
	Participants []string `json:"participants"`
}

// createGroup is POST /api/groups {"creator","subject","participants"} → {"jid"}.
func (a *PeopleAPI) createGroup(w http.ResponseWriter, r *http.Request) {
	var req createGroupRequest
	if !readJSON(w, r, &req) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	jid, err := a.people.CreateGroup(ctx, req.Creator, req.Subject, req.Participants)
	if err != nil {
		a.fail(w, "create group", err)
		return
	}
	writeJSON(w, http.StatusOK, jidResponse{JID: jid.String()})
}

// fail answers err with the status its kind calls for: the caller's mistakes are 4xx; a person whose
// client or the server failed it is a gateway failure (502), not a bug of this API.
func (a *PeopleAPI) fail(w http.ResponseWriter, what string, err error) {
	status := http.StatusBadGateway
	switch {
	case errors.Is(err, people.ErrBadPhone), errors.Is(err, people.ErrBadRequest):
		status = http.StatusBadRequest
	case errors.Is(err, people.ErrNotFound), errors.Is(err, people.ErrUnknownMessage):
		status = http.StatusNotFound
	case errors.Is(err, people.ErrNotPerson):
		status = http.StatusConflict
	case errors.Is(err, people.ErrNotRunning):
		status = http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
	default:
		a.srv.Logger().Warn("sim admin: "+what, "err", err)
	}
	writeError(w, status, err.Error())
}
