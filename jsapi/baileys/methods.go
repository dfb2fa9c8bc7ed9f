package baileys

import (
	"context"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/content"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// method is one socket method: its parameter names (for 400 errors naming
// the argument) and the Go call, which runs off the loop on plain values.
type method struct {
	params []string
	fn     func(ctx context.Context, st *botState, s *protocol.Session, args []jsval.Value) (jsval.Value, error)
}

// methods are the socket methods that reach the session; baileys.js exposes
// each as sock[name](...args) → Promise.
var methods = map[string]method{
	"sendMessage":                {[]string{"jid", "content", "options", "linkPreviewConfig"}, sendMessage},
	"readMessages":               {[]string{"keys"}, readMessages},
	"sendReceipt":                {[]string{"jid", "participant", "messageIds", "type"}, sendReceipt},
	"sendPresenceUpdate":         {[]string{"type", "toJid"}, sendPresenceUpdate},
	"presenceSubscribe":          {[]string{"toJid"}, presenceSubscribe},
	"groupMetadata":              {[]string{"jid"}, groupMetadata},
	"groupCreate":                {[]string{"subject", "participants"}, groupCreate},
	"groupParticipantsUpdate":    {[]string{"jid", "participants", "action"}, groupParticipantsUpdate},
	"groupUpdateSubject":         {[]string{"jid", "subject"}, groupUpdateSubject},
	"groupUpdateDescription":     {[]string{"jid", "description"}, groupUpdateDescription},
	"groupSettingUpdate":         {[]string{"jid", "setting"}, groupSettingUpdate},
	"groupInviteCode":            {[]string{"jid"}, groupInviteCode},
	"groupRevokeInvite":          {[]string{"jid"}, groupRevokeInvite},
	"groupAcceptInvite":          {[]string{"code"}, groupAcceptInvite},
	"groupLeave":                 {[]string{"id"}, groupLeave},
	"groupFetchAllParticipating": {nil, groupFetchAllParticipating},
	"profilePictureUrl":          {[]string{"jid", "type"}, profilePictureUrl},
	"onWhatsApp":                 {[]string{"...jids"}, onWhatsApp},
	"updateProfileStatus":        {[]string{"status"}, updateProfileStatus},
	"requestPairingCode":         {[]string{"phoneNumber"}, requestPairingCode},
	"logout":                     {[]string{"msg"}, logout},
	"end":                        {[]string{"error"}, end},
}

// Argument readers: a wrong type is a 400 naming the argument.

func str(v jsval.Value, path string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", errs.BadField(path, "string expected, got %s", jsval.KindOf(v))
	}
	return s, nil
}

func jidArg(v jsval.Value, path string) (types.JID, error) {
	s, err := str(v, path)
	if err != nil {
		return types.JID{}, err
	}
	j, err := types.ParseJID(s)
	if err != nil || j.User == "" && j.Server != types.GroupServer {
		return types.JID{}, errs.BadField(path, "%q is not a valid jid", s)
	}
	return j, nil
}

func jidList(v jsval.Value, path string) ([]types.JID, error) {
	arr, ok := v.(jsval.Array)
	if !ok {
		return nil, errs.BadField(path, "array of jids expected, got %s", jsval.KindOf(v))
	}
	out := make([]types.JID, len(arr))
	for i, item := range arr {
		j, err := jidArg(item, path+"["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		out[i] = j
	}
	return out, nil
}

func absent(v jsval.Value) bool { return v == nil || jsval.IsUndefined(v) }

func sendMessage(ctx context.Context, st *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	to, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	b := content.Builder{Upload: s, HTTP: st.cfg.HTTP}
	built, err := b.Build(ctx, content.Target{Chat: to, Me: s.Status().Me.ID}, a[1], a[2])
	if err != nil {
		return nil, err
	}
	if built.GroupEphemeral != nil {
		exp := time.Duration(*built.GroupEphemeral) * time.Second
		return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
			return cli.SetDisappearingTimer(ctx, to, exp, time.Now())
		})
	}
	if len(built.StatusJIDList) > 0 {
		return nil, errs.New(501, "sendMessage: options.statusJidList (status broadcasts) is not implemented by botrt")
	}
	if err := st.addLinkPreview(ctx, s, built.Message, a[1], a[2], a[3]); err != nil {
		return nil, err
	}
	sent, err := s.SendMessage(ctx, to, built.Message, whatsmeow.SendRequestExtra{ID: types.MessageID(built.ID)})
	if err != nil {
		return nil, err
	}
	return sent.WAMessage, nil
}

func readMessages(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	arr, ok := a[0].(jsval.Array)
	if !ok {
		return nil, errs.BadField("keys", "array of message keys expected, got %s", jsval.KindOf(a[0]))
	}
	type group struct{ chat, sender string }
	ids := map[group][]types.MessageID{}
	var order []group
	for i, item := range arr {
		k, err := wamsg.KeyFromObject(item, "keys["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		if k.FromMe {
			continue // Baileys sends no read receipt for own messages
		}
		g := group{k.RemoteJID, k.Participant}
		if _, seen := ids[g]; !seen {
			order = append(order, g)
		}
		ids[g] = append(ids[g], k.ID)
	}
	for _, g := range order {
		chat, err := types.ParseJID(g.chat)
		if err != nil {
			return nil, errs.BadField("keys", "%q is not a valid jid", g.chat)
		}
		var sender types.JID
		if g.sender != "" {
			if sender, err = types.ParseJID(g.sender); err != nil {
				return nil, errs.BadField("keys", "%q is not a valid participant jid", g.sender)
			}
		}
		if err := s.MarkRead(ctx, ids[g], time.Now(), chat, sender, ""); err != nil {
			return nil, err
		}
	}
	return jsval.Undefined, nil
}

func sendReceipt(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	chat, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	var sender types.JID
	if !absent(a[1]) {
		if sender, err = jidArg(a[1], "participant"); err != nil {
			return nil, err
		}
	}
	arr, ok := a[2].(jsval.Array)
	if !ok || len(arr) == 0 {
		return nil, errs.BadField("messageIds", "non-empty array of message ids expected")
	}
	ids := make([]types.MessageID, len(arr))
	for i, v := range arr {
		id, err := str(v, "messageIds["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	if absent(a[3]) {
		return nil, errs.BadField("type", "delivery receipts are sent by botrt itself; give a type such as 'read', 'read-self' or 'played'")
	}
	kind, err := str(a[3], "type")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.MarkRead(ctx, ids, time.Now(), chat, sender, types.ReceiptType(kind))
}

func sendPresenceUpdate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	kind, err := str(a[0], "type")
	if err != nil {
		return nil, err
	}
	switch kind {
	case "available", "unavailable":
		return jsval.Undefined, s.SendPresence(ctx, types.Presence(kind))
	case "composing", "recording", "paused":
		to, err := jidArg(a[1], "toJid")
		if err != nil {
			return nil, err
		}
		state, media := types.ChatPresenceComposing, types.ChatPresenceMediaText
		switch kind {
		case "recording":
			media = types.ChatPresenceMediaAudio
		case "paused":
			state = types.ChatPresencePaused
		}
		return jsval.Undefined, s.SendChatPresence(ctx, to, state, media)
	}
	return nil, errs.BadField("type", "%q is not a presence (available, unavailable, composing, recording, paused)", kind)
}

func presenceSubscribe(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	to, err := jidArg(a[0], "toJid")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.SubscribePresence(ctx, to)
}

func groupMetadata(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	info, err := s.GroupInfo(ctx, g)
	if err != nil {
		return nil, err
	}
	return events.GroupMetadata(info), nil
}

func groupCreate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	subject, err := str(a[0], "subject")
	if err != nil {
		return nil, err
	}
	users, err := jidList(a[1], "participants")
	if err != nil {
		return nil, err
	}
	info, err := s.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: subject, Participants: users})
	if err != nil {
		return nil, err
	}
	return events.GroupMetadata(info), nil
}

func groupParticipantsUpdate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	users, err := jidList(a[1], "participants")
	if err != nil {
		return nil, err
	}
	action, err := str(a[2], "action")
	if err != nil {
		return nil, err
	}
	switch whatsmeow.ParticipantChange(action) {
	case whatsmeow.ParticipantChangeAdd, whatsmeow.ParticipantChangeRemove, whatsmeow.ParticipantChangePromote, whatsmeow.ParticipantChangeDemote:
	default:
		return nil, errs.BadField("action", "%q is not one of add, remove, promote, demote", action)
	}
	res, err := s.UpdateGroupParticipants(ctx, g, users, whatsmeow.ParticipantChange(action))
	if err != nil {
		return nil, err
	}
	// Baileys: [{ status: '200' | error code, jid }] per participant.
	out := make(jsval.Array, len(res))
	for i, p := range res {
		status := "200"
		if p.Error != 0 {
			status = itoa(p.Error)
		}
		out[i] = jsval.NewObject().Set("status", status).Set("jid", p.JID.String())
	}
	return out, nil
}

func groupUpdateSubject(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	subject, err := str(a[1], "subject")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.SetGroupName(ctx, g, subject)
}

func groupUpdateDescription(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	desc := ""
	if !absent(a[1]) {
		if desc, err = str(a[1], "description"); err != nil {
			return nil, err
		}
	}
	return jsval.Undefined, s.SetGroupDescription(ctx, g, desc)
}

func groupSettingUpdate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	setting, err := str(a[1], "setting")
	if err != nil {
		return nil, err
	}
	switch setting {
	case "announcement", "not_announcement":
		return jsval.Undefined, s.SetGroupAnnounce(ctx, g, setting == "announcement")
	case "locked", "unlocked":
		return jsval.Undefined, s.SetGroupLocked(ctx, g, setting == "locked")
	}
	return nil, errs.BadField("setting", "%q is not one of announcement, not_announcement, locked, unlocked", setting)
}

// inviteCode strips the link prefix whatsmeow returns: Baileys returns the bare code.
func inviteCode(link string) string {
	return link[strings.LastIndexByte(link, '/')+1:]
}

func groupInviteCode(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	return groupLink(ctx, s, a, false)
}

func groupRevokeInvite(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	return groupLink(ctx, s, a, true)
}

func groupLink(ctx context.Context, s *protocol.Session, a []jsval.Value, reset bool) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	link, err := s.GroupInviteLink(ctx, g, reset)
	if err != nil {
		return nil, err
	}
	return inviteCode(link), nil
}

func groupAcceptInvite(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	code, err := str(a[0], "code")
	if err != nil {
		return nil, err
	}
	g, err := s.JoinGroupWithLink(ctx, inviteCode(code))
	if err != nil {
		return nil, err
	}
	return g.String(), nil
}

func groupLeave(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "id")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.LeaveGroup(ctx, g)
}

func groupFetchAllParticipating(ctx context.Context, _ *botState, s *protocol.Session, _ []jsval.Value) (jsval.Value, error) {
	groups, err := s.JoinedGroups(ctx)
	if err != nil {
		return nil, err
	}
	out := jsval.NewObject()
	for _, g := range groups {
		out.Set(g.JID.String(), events.GroupMetadata(g))
	}
	return out, nil
}

func profilePictureUrl(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	j, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	preview := true
	if !absent(a[1]) {
		kind, err := str(a[1], "type")
		if err != nil {
			return nil, err
		}
		if kind != "preview" && kind != "image" {
			return nil, errs.BadField("type", "%q is not 'preview' or 'image'", kind)
		}
		preview = kind == "preview"
	}
	info, err := s.ProfilePicture(ctx, j, preview)
	if err != nil {
		return nil, err
	}
	if info == nil {
		// whatsmeow's "no picture set"; Baileys fails the same query with 404.
		return nil, errs.New(404, "item-not-found")
	}
	return info.URL, nil
}

func onWhatsApp(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	list := a[0].(jsval.Array)
	phones := make([]string, len(list))
	for i, v := range list {
		j, err := str(v, "jids["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		user, _, _ := strings.Cut(j, "@")
		phones[i] = "+" + strings.TrimPrefix(user, "+")
	}
	res, err := s.IsOnWhatsApp(ctx, phones)
	if err != nil {
		return nil, err
	}
	out := jsval.Array{}
	for _, r := range res {
		if r.IsIn {
			out = append(out, jsval.NewObject().Set("jid", r.JID.String()).Set("exists", true))
		}
	}
	return out, nil
}

func updateProfileStatus(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	text, err := str(a[0], "status")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.SetStatusMessage(ctx, text)
}

// pairingWait bounds how long requestPairingCode waits for the session to
// reach the stage where a code can be asked for (scripts often call it right
// after makeWASocket, before the first QR code).
const pairingWait = 30 * time.Second

func requestPairingCode(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	phone, err := str(a[0], "phoneNumber")
	if err != nil {
		return nil, err
	}
	if s.Paired() {
		return nil, errs.New(400, "requestPairingCode: the session is already paired")
	}
	ctx, cancel := context.WithTimeout(ctx, pairingWait)
	defer cancel()
	w := s.Watch()
	defer w.Close()
	for s.Status().QR == "" {
		if _, err := w.Next(ctx); err != nil {
			return nil, errs.Wrap(errs.TimedOut, "requestPairingCode: the session did not reach the pairing stage", err)
		}
	}
	// Baileys takes the number with or without '+' and returns the 8 characters without
	// whatsmeow's "XXXX-XXXX" dash; bots print or compare it as is.
	code, err := s.PairPhone(ctx, strings.TrimPrefix(phone, "+"))
	if err != nil {
		return nil, err
	}
	return strings.ReplaceAll(code, "-", ""), nil
}

func logout(ctx context.Context, _ *botState, s *protocol.Session, _ []jsval.Value) (jsval.Value, error) {
	return jsval.Undefined, s.Logout(ctx)
}

func end(_ context.Context, _ *botState, s *protocol.Session, _ []jsval.Value) (jsval.Value, error) {
	s.Disconnect()
	return jsval.Undefined, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
