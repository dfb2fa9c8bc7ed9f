package groups

import (
	"slices"

	"go.mau.fi/whatsmeow/types"
)

// Roles a participant can have; the empty role is a plain member.
const (
	RoleMember     = ""
	RoleAdmin      = "admin"
	RoleSuperAdmin = "superadmin"
)

// Member-add modes (who may add participants).
const (
	AddModeAdmin     = "admin_add"
	AddModeAllMember = "all_member_add"
)

// Participant is one member of a group, by account phone number.
type Participant struct {
	Phone string `json:"phone"`
	Role  string `json:"role,omitempty"`
}

// IsAdmin reports admin or superadmin.
func (p Participant) IsAdmin() bool { return p.Role == RoleAdmin || p.Role == RoleSuperAdmin }

// Description is a group's topic.
type Description struct {
	ID    string `json:"id"`
	Body  string `json:"body"`
	Phone string `json:"phone"` // who set it
	Time  int64  `json:"t"`
}

// Group is the persisted state of one group.
type Group struct {
	ID           string        `json:"id"` // user part of the group JID
	Subject      string        `json:"subject"`
	SubjectTime  int64         `json:"s_t"`
	SubjectOwner string        `json:"s_o"` // phone
	Creator      string        `json:"creator"`
	Created      int64         `json:"creation"`
	Description  *Description  `json:"description,omitempty"`
	Announce     bool          `json:"announce,omitempty"`
	Locked       bool          `json:"locked,omitempty"`
	Ephemeral    uint32        `json:"ephemeral,omitempty"` // seconds, 0 = off
	AddMode      string        `json:"add_mode"`
	InviteCode   string        `json:"invite"`
	Participants []Participant `json:"participants"`
	// Version counts changes; it is sent as the v_id clients store with some settings.
	Version int64 `json:"v"`
}

// JID is the group's JID.
func (g *Group) JID() types.JID { return types.NewJID(g.ID, types.GroupServer) }

func (g *Group) member(phone string) (Participant, bool) {
	i := slices.IndexFunc(g.Participants, func(p Participant) bool { return p.Phone == phone })
	if i < 0 {
		return Participant{}, false
	}
	return g.Participants[i], true
}

func (g *Group) setRole(phone, role string) {
	for i := range g.Participants {
		if g.Participants[i].Phone == phone {
			g.Participants[i].Role = role
		}
	}
}

func (g *Group) removeMember(phone string) {
	g.Participants = slices.DeleteFunc(g.Participants, func(p Participant) bool { return p.Phone == phone })
}

// HasMember reports whether the account with this phone number is in the group.
func (g *Group) HasMember(phone string) bool {
	_, ok := g.member(phone)
	return ok
}

// MemberPhones lists the phone numbers of all members.
func (g *Group) MemberPhones() []string {
	out := make([]string, len(g.Participants))
	for i, p := range g.Participants {
		out[i] = p.Phone
	}
	return out
}
