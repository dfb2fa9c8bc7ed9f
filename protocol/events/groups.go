package events

import (
	"context"
	"strings"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
)

// GroupMetadata renders group info in Baileys 7's GroupMetadata shape and key
// order (groupMetadata(), groups.upsert, groupFetchAllParticipating):
// participants are {id, phoneNumber?, lid?, admin} with admin 'superadmin',
// 'admin' or null; times are seconds; absent facts are absent keys.
func GroupMetadata(g *types.GroupInfo) *jsval.Object {
	addressing := "pn"
	if g.AddressingMode == types.AddressingModeLID {
		addressing = "lid"
	}
	size := int64(g.ParticipantCount)
	if size == 0 {
		size = int64(len(g.Participants))
	}
	md := jsval.NewObject().
		Set("id", g.JID.String()).
		Set("addressingMode", addressing).
		Set("subject", g.Name).
		SetIf(!g.NameSetBy.IsEmpty(), "subjectOwner", g.NameSetBy.ToNonAD().String()).
		SetIf(!g.NameSetByPN.IsEmpty(), "subjectOwnerPn", g.NameSetByPN.ToNonAD().String()).
		SetIf(!g.NameSetAt.IsZero(), "subjectTime", g.NameSetAt.Unix()).
		Set("size", size).
		SetIf(!g.GroupCreated.IsZero(), "creation", g.GroupCreated.Unix()).
		Set("owner", ownerOrUndefined(g.OwnerJID)).
		SetIf(!g.OwnerPN.IsEmpty(), "ownerPn", g.OwnerPN.ToNonAD().String()).
		SetIf(g.CreatorCountryCode != "", "owner_country_code", g.CreatorCountryCode)
	if g.Topic != "" || g.TopicID != "" {
		md.Set("desc", g.Topic).
			SetIf(g.TopicID != "", "descId", g.TopicID).
			SetIf(!g.TopicSetBy.IsEmpty(), "descOwner", g.TopicSetBy.ToNonAD().String()).
			SetIf(!g.TopicSetByPN.IsEmpty(), "descOwnerPn", g.TopicSetByPN.ToNonAD().String()).
			SetIf(!g.TopicSetAt.IsZero(), "descTime", g.TopicSetAt.Unix())
	}
	md.SetIf(!g.LinkedParentJID.IsEmpty(), "linkedParent", g.LinkedParentJID.String()).
		Set("restrict", g.IsLocked).
		Set("announce", g.IsAnnounce).
		Set("isCommunity", g.IsParent).
		Set("isCommunityAnnounce", g.IsDefaultSubGroup).
		Set("joinApprovalMode", g.IsJoinApprovalRequired).
		Set("memberAddMode", g.MemberAddMode == types.GroupMemberAddModeAllMember)
	parts := make(jsval.Array, len(g.Participants))
	for i, p := range g.Participants {
		parts[i] = participantObject(p.JID, p.PhoneNumber, p.LID, adminOf(p))
	}
	md.Set("participants", parts)
	if g.IsEphemeral {
		md.Set("ephemeralDuration", int64(g.DisappearingTimer))
	}
	return md
}

func ownerOrUndefined(j types.JID) jsval.Value {
	if j.IsEmpty() {
		return jsval.Undefined
	}
	return j.ToNonAD().String()
}

func adminOf(p types.GroupParticipant) jsval.Value {
	switch {
	case p.IsSuperAdmin:
		return "superadmin"
	case p.IsAdmin:
		return "admin"
	}
	return nil
}

// participantObject is a GroupParticipant: phoneNumber is set for LID ids,
// lid for phone-number ids, as Baileys' extractGroupMetadata does.
func participantObject(id, pn, lid types.JID, admin jsval.Value) *jsval.Object {
	return jsval.NewObject().
		Set("id", id.ToNonAD().String()).
		SetIf(id.Server == types.HiddenUserServer && !pn.IsEmpty(), "phoneNumber", pn.ToNonAD().String()).
		SetIf(id.Server == types.DefaultUserServer && !lid.IsEmpty(), "lid", lid.ToNonAD().String()).
		Set("admin", admin)
}

// joinedGroup: Baileys emits chats.upsert and groups.upsert when this account
// is added to or creates a group.
func joinedGroup(e *wmevents.JoinedGroup) []Event {
	md := GroupMetadata(&e.GroupInfo)
	if e.Sender != nil {
		md.Set("author", e.Sender.ToNonAD().String())
	}
	if e.SenderPN != nil {
		md.Set("authorPn", e.SenderPN.ToNonAD().String())
	}
	chat := jsval.NewObject().Set("id", e.JID.String()).Set("name", e.Name)
	if !e.GroupCreated.IsZero() {
		chat.Set("conversationTimestamp", e.GroupCreated.Unix())
	}
	return []Event{{"chats.upsert", jsval.Array{chat}}, {"groups.upsert", jsval.Array{md}}}
}

// groupInfo splits a group notification into the events Baileys emits for
// the equivalent stub messages: one groups.update per setting changed and one
// group-participants.update per membership action.
func (t *Translator) groupInfo(ctx context.Context, e *wmevents.GroupInfo) []Event {
	id := e.JID.String()
	author, authorPn := jsval.Value(jsval.Undefined), jsval.Value(jsval.Undefined)
	if e.Sender != nil {
		author = e.Sender.ToNonAD().String()
	}
	if e.SenderPN != nil {
		authorPn = e.SenderPN.ToNonAD().String()
	}
	var out []Event
	settings := func(key string, v jsval.Value) {
		out = append(out, Event{"groups.update", jsval.Array{jsval.NewObject().Set("id", id).Set(key, v).
			Set("author", author).Set("authorPn", authorPn)}})
	}
	if e.Name != nil {
		settings("subject", e.Name.Name)
	}
	if e.Topic != nil {
		settings("desc", e.Topic.Topic)
	}
	if e.Announce != nil {
		settings("announce", e.Announce.IsAnnounce)
	}
	if e.Locked != nil {
		settings("restrict", e.Locked.IsLocked)
	}
	if e.Ephemeral != nil {
		timer := int64(0)
		if e.Ephemeral.IsEphemeral {
			timer = int64(e.Ephemeral.DisappearingTimer)
		}
		settings("ephemeralDuration", timer)
	}
	if e.MembershipApprovalMode != nil {
		settings("joinApprovalMode", e.MembershipApprovalMode.IsJoinApprovalRequired)
	}
	if e.NewInviteLink != nil {
		settings("inviteCode", strings.TrimPrefix(*e.NewInviteLink, whatsmeow.InviteLinkPrefix))
	}
	membership := []struct {
		action string
		jids   []types.JID
	}{{"add", e.Join}, {"remove", e.Leave}, {"promote", e.Promote}, {"demote", e.Demote}}
	for _, m := range membership {
		if len(m.jids) == 0 {
			continue
		}
		payload := jsval.NewObject().Set("id", id).Set("author", author).Set("authorPn", authorPn).
			Set("participants", t.participants(ctx, m.jids, m.action)).Set("action", m.action)
		out = append(out, Event{"group-participants.update", payload})
	}
	return out
}

// participants lists changed members as Baileys 6 strings (phone-number form
// when known) or, with Options.ParticipantObjects, Baileys 7 objects.
func (t *Translator) participants(ctx context.Context, jids []types.JID, action string) jsval.Array {
	out := make(jsval.Array, len(jids))
	for i, j := range jids {
		j = j.ToNonAD()
		var pn, lid types.JID
		switch j.Server {
		case types.HiddenUserServer:
			pn = t.look.PNForLID(ctx, j)
		case types.DefaultUserServer:
			lid = t.look.LIDForPN(ctx, j)
		}
		if !t.opts.ParticipantObjects {
			if !pn.IsEmpty() {
				out[i] = pn.ToNonAD().String()
			} else {
				out[i] = j.String()
			}
			continue
		}
		var admin jsval.Value
		if action == "promote" {
			admin = "admin"
		}
		out[i] = participantObject(j, pn, lid, admin)
	}
	return out
}
