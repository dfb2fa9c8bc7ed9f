package web

import (
	"errors"
	"net/http"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/groups"
)

// groupInfo is what the page shows of a group: its subject and members (phone-number JIDs).
type groupInfo struct {
	JID     string   `json:"jid"`
	Subject string   `json:"subject"`
	Members []string `json:"members"`
}

// group is GET /api/web/groups/{jid}: the page names group chats a person was added to by others.
func (w *Web) group(rw http.ResponseWriter, r *http.Request) {
	jid, err := types.ParseJID(r.PathValue("jid"))
	if err != nil || jid.Server != types.GroupServer {
		writeError(rw, http.StatusBadRequest, "not a group JID: "+r.PathValue("jid"))
		return
	}
	g, err := w.groups.Get(jid)
	switch {
	case errors.Is(err, groups.ErrNotFound):
		writeError(rw, http.StatusNotFound, err.Error())
		return
	case err != nil:
		writeError(rw, http.StatusInternalServerError, err.Error())
		return
	}
	info := groupInfo{JID: g.JID().String(), Subject: g.Subject, Members: []string{}}
	for _, phone := range g.MemberPhones() {
		info.Members = append(info.Members, types.NewJID(phone, types.DefaultUserServer).String())
	}
	writeJSON(rw, http.StatusOK, info)
}
