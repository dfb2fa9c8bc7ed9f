package baileys

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

func init() {
	methods["chatModify"] = method{[]string{"mod", "jid"}, chatModify}
}

// chatModify turns one of Baileys' ChatModification objects into app-state
// patches; every linked device (the phone too) sees the change.
func chatModify(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	mod, ok := a[0].(*jsval.Object)
	if !ok {
		return nil, errs.BadField("mod", "a ChatModification object expected, got %s", jsval.KindOf(a[0]))
	}
	chat, err := jidArg(a[1], "jid")
	if err != nil {
		return nil, err
	}
	patches, err := chatPatches(mod, chat)
	if err != nil {
		return nil, err
	}
	for _, p := range patches {
		if err := sendAppState(ctx, s, p); err != nil {
			return nil, err
		}
	}
	return jsval.Undefined, nil
}

func chatPatches(mod *jsval.Object, chat types.JID) ([]appstate.PatchInfo, error) {
	flag := func(key string) (bool, error) {
		v, _ := mod.Get(key)
		b, ok := v.(bool)
		if !ok {
			return false, errs.BadField("mod."+key, "boolean expected, got %s", jsval.KindOf(v))
		}
		return b, nil
	}
	switch {
	case mod.Has("archive"):
		on, err := flag("archive")
		if err != nil {
			return nil, err
		}
		ts, key, err := lastMessage(mod, chat)
		if err != nil {
			return nil, err
		}
		return []appstate.PatchInfo{appstate.BuildArchive(chat, on, ts, key)}, nil
	case mod.Has("pin"):
		on, err := flag("pin")
		if err != nil {
			return nil, err
		}
		return []appstate.PatchInfo{appstate.BuildPin(chat, on)}, nil
	case mod.Has("mute"):
		// Baileys' README: { mute: milliseconds } mutes for that long, null unmutes.
		v, _ := mod.Get("mute")
		if v == nil {
			return []appstate.PatchInfo{appstate.BuildMute(chat, false, 0)}, nil
		}
		ms, ok := v.(int64)
		if !ok || ms <= 0 {
			return nil, errs.BadField("mod.mute", "milliseconds > 0 to mute for, or null to unmute, expected")
		}
		return []appstate.PatchInfo{appstate.BuildMute(chat, true, time.Duration(ms)*time.Millisecond)}, nil
	case mod.Has("markRead"):
		read, err := flag("markRead")
		if err != nil {
			return nil, err
		}
		ts, key, err := lastMessage(mod, chat)
		if err != nil {
			return nil, err
		}
		return []appstate.PatchInfo{appstate.BuildMarkChatAsRead(chat, read, ts, key)}, nil
	case mod.Has("delete"):
		ts, key, err := lastMessage(mod, chat)
		if err != nil {
			return nil, err
		}
		return []appstate.PatchInfo{appstate.BuildDeleteChat(chat, ts, key)}, nil
	case mod.Has("star"):
		return starPatches(mod, chat)
	case mod.Has("clear"):
		return clearPatches(mod, chat)
	}
	return nil, errs.BadField("mod", "one of archive, pin, mute, markRead, delete, star or clear expected (got keys %v)", mod.Keys())
}

// lastMessage reads Baileys' lastMessages: [{ key, messageTimestamp }], the
// chat's newest message, which archive, markRead and delete anchor to.
func lastMessage(mod *jsval.Object, chat types.JID) (time.Time, *waCommon.MessageKey, error) {
	v, _ := mod.Get("lastMessages")
	if absent(v) {
		return time.Time{}, nil, nil
	}
	list, ok := v.(jsval.Array)
	if !ok {
		return time.Time{}, nil, errs.BadField("mod.lastMessages", "array expected, got %s", jsval.KindOf(v))
	}
	if len(list) == 0 {
		return time.Time{}, nil, nil
	}
	path := "mod.lastMessages[" + itoa(len(list)-1) + "]"
	last, ok := list[len(list)-1].(*jsval.Object)
	if !ok {
		return time.Time{}, nil, errs.BadField(path, "{ key, messageTimestamp } expected")
	}
	kv, _ := last.Get("key")
	k, err := wamsg.KeyFromObject(kv, path+".key")
	if err != nil {
		return time.Time{}, nil, err
	}
	var ts time.Time
	switch t := field(last, "messageTimestamp").(type) {
	case int64:
		ts = time.Unix(t, 0)
	case float64:
		ts = time.Unix(int64(t), 0)
	}
	key := &waCommon.MessageKey{RemoteJID: proto.String(chat.String()), FromMe: proto.Bool(k.FromMe), ID: proto.String(k.ID)}
	if k.Participant != "" {
		key.Participant = proto.String(k.Participant)
	}
	return ts, key, nil
}

// field is o[key], undefined when absent.
func field(o *jsval.Object, key string) jsval.Value {
	v, _ := o.Get(key)
	return v
}

// starPatches: { star: { messages: [{ id, fromMe }], star: boolean } }.
func starPatches(mod *jsval.Object, chat types.JID) ([]appstate.PatchInfo, error) {
	st, ok := field(mod, "star").(*jsval.Object)
	if !ok {
		return nil, errs.BadField("mod.star", "{ messages: [{ id, fromMe }], star: boolean } expected")
	}
	on, ok := field(st, "star").(bool)
	if !ok {
		return nil, errs.BadField("mod.star.star", "boolean expected")
	}
	msgs, ok := field(st, "messages").(jsval.Array)
	if !ok || len(msgs) == 0 {
		return nil, errs.BadField("mod.star.messages", "non-empty array of { id, fromMe } expected")
	}
	out := make([]appstate.PatchInfo, len(msgs))
	for i, m := range msgs {
		path := "mod.star.messages[" + itoa(i) + "]"
		obj, ok := m.(*jsval.Object)
		if !ok {
			return nil, errs.BadField(path, "{ id, fromMe } expected")
		}
		id, err := str(field(obj, "id"), path+".id")
		if err != nil {
			return nil, err
		}
		fromMe, _ := field(obj, "fromMe").(bool)
		// In a one-to-one chat the sender of the other party's message is the chat.
		sender := chat
		if fromMe {
			sender = types.EmptyJID
		}
		out[i] = appstate.BuildStar(chat, sender, id, fromMe, on)
	}
	return out, nil
}

// clearPatches: Baileys 7's { clear: true, lastMessages } empties the chat
// (clearChat); Baileys 6's { clear: { messages: [{ id, fromMe, timestamp }] } }
// deletes those messages for me. whatsmeow has no builder for either, so the
// mutations are written as WhatsApp Web writes them.
func clearPatches(mod *jsval.Object, chat types.JID) ([]appstate.PatchInfo, error) {
	switch c := field(mod, "clear").(type) {
	case bool:
		if !c {
			return nil, errs.BadField("mod.clear", "true (clear the chat) or { messages } expected")
		}
		ts, key, err := lastMessage(mod, chat)
		if err != nil {
			return nil, err
		}
		return []appstate.PatchInfo{{Type: appstate.WAPatchRegularHigh, Mutations: []appstate.MutationInfo{{
			Index:   []string{appstate.IndexClearChat, chat.String(), "1", "0"},
			Version: 6,
			Value:   &waSyncAction.SyncActionValue{ClearChatAction: &waSyncAction.ClearChatAction{MessageRange: messageRange(ts, key)}},
		}}}}, nil
	case *jsval.Object:
		msgs, ok := field(c, "messages").(jsval.Array)
		if !ok || len(msgs) == 0 {
			return nil, errs.BadField("mod.clear.messages", "non-empty array of { id, fromMe, timestamp } expected")
		}
		var muts []appstate.MutationInfo
		for i, m := range msgs {
			path := "mod.clear.messages[" + itoa(i) + "]"
			obj, ok := m.(*jsval.Object)
			if !ok {
				return nil, errs.BadField(path, "{ id, fromMe, timestamp } expected")
			}
			id, err := str(field(obj, "id"), path+".id")
			if err != nil {
				return nil, err
			}
			fromMe, _ := field(obj, "fromMe").(bool)
			ts, _ := field(obj, "timestamp").(int64)
			muts = append(muts, appstate.MutationInfo{
				Index:   []string{appstate.IndexDeleteMessageForMe, chat.String(), id, boolFlag(fromMe), "0"},
				Version: 3,
				Value: &waSyncAction.SyncActionValue{DeleteMessageForMeAction: &waSyncAction.DeleteMessageForMeAction{
					DeleteMedia: proto.Bool(false), MessageTimestamp: proto.Int64(ts)}},
			})
		}
		return []appstate.PatchInfo{{Type: appstate.WAPatchRegularHigh, Mutations: muts}}, nil
	}
	return nil, errs.BadField("mod.clear", "true (clear the chat) or { messages } expected")
}

func boolFlag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// messageRange is the range clearChat anchors to: up to the newest message.
func messageRange(ts time.Time, key *waCommon.MessageKey) *waSyncAction.SyncActionMessageRange {
	if ts.IsZero() {
		ts = time.Now()
	}
	r := &waSyncAction.SyncActionMessageRange{LastMessageTimestamp: proto.Int64(ts.Unix())}
	if key != nil {
		r.Messages = []*waSyncAction.SyncActionMessage{{Key: key, Timestamp: proto.Int64(ts.Unix())}}
	}
	return r
}
