package wamsg

import (
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

// Baileys' WebMessageInfo.Status values.
const (
	StatusError       = 0
	StatusPending     = 1
	StatusServerAck   = 2
	StatusDeliveryAck = 3
	StatusRead        = 4
	StatusPlayed      = 5
)

// InfoKey is the key Baileys 7 builds for a received stanza: the chat as
// remoteJid, the sender as participant in groups and broadcasts, and the
// sender's other address form as remoteJidAlt (chats) or participantAlt
// (groups), with the stanza's addressing mode.
func InfoKey(info *types.MessageInfo) Key {
	k := Key{
		RemoteJID:      info.Chat.String(),
		FromMe:         info.IsFromMe,
		ID:             info.ID,
		AddressingMode: string(info.AddressingMode),
	}
	alt := info.SenderAlt
	if info.IsFromMe && !info.IsGroup && !info.RecipientAlt.IsEmpty() {
		alt = info.RecipientAlt // our own alt says nothing about the chat
	}
	if info.IsGroup || info.Chat.Server == types.BroadcastServer {
		k.Participant = info.Sender.ToNonAD().String()
		if !alt.IsEmpty() {
			k.ParticipantAlt = alt.ToNonAD().String()
		}
	} else if !alt.IsEmpty() {
		k.RemoteJIDAlt = alt.ToNonAD().String()
	}
	return k
}

// Received renders a message whatsmeow delivered (events.Message) as the
// WAMessage Baileys puts in messages.upsert, in Baileys' key order: key,
// category, messageTimestamp (seconds), pushName, broadcast, status
// (SERVER_ACK for own messages), verifiedBizName, message. raw is the message
// as received (events.Message.RawMessage): Baileys unwraps only
// deviceSentMessage and leaves ephemeral/viewOnce wrappers for scripts to
// normalize.
func Received(info *types.MessageInfo, raw *waE2E.Message) *jsval.Object {
	obj := jsval.NewObject().
		Set("key", InfoKey(info).Object()).
		SetIf(info.Category != "", "category", info.Category).
		Set("messageTimestamp", info.Timestamp.Unix()).
		SetIf(info.PushName != "", "pushName", info.PushName).
		Set("broadcast", info.Chat.Server == types.BroadcastServer).
		SetIf(info.IsFromMe, "status", int64(StatusServerAck))
	if vn := info.VerifiedName; vn != nil && vn.Details != nil && vn.Details.GetVerifiedName() != "" {
		obj.Set("verifiedBizName", vn.Details.GetVerifiedName())
	}
	if content := Content(raw); content != nil {
		obj.Set("message", ToObject(content))
	}
	return obj
}

// Content is the message as Baileys hands it to scripts: raw with a
// deviceSentMessage (own message echoed from the phone) unwrapped.
func Content(raw *waE2E.Message) *waE2E.Message {
	if inner := raw.GetDeviceSentMessage().GetMessage(); inner != nil {
		return inner
	}
	return raw
}

// Sent renders a message this session sent as the WAMessage sendMessage
// resolves with (and echoes as an 'append' upsert): a WebMessageInfo with
// status PENDING, as Baileys' generateWAMessageFromContent builds it. The key
// is {remoteJid: chat, fromMe: true, id}; in groups and status broadcasts
// the top-level participant is the sending device (me, creds.me.id).
func Sent(chat types.JID, id string, msg *waE2E.Message, ts time.Time, me types.JID) *jsval.Object {
	key := Key{RemoteJID: chat.String(), FromMe: true, ID: id}
	wmi := &waWeb.WebMessageInfo{
		Key:              key.Proto(),
		Message:          msg,
		MessageTimestamp: proto.Uint64(uint64(ts.Unix())),
		Status:           waWeb.WebMessageInfo_PENDING.Enum(),
	}
	if chat.Server == types.GroupServer || chat == types.StatusBroadcastJID {
		wmi.Participant = proto.String(me.String())
	}
	return ToObject(wmi)
}

// WAMessage is what protocol needs of a WAMessage object a script passes back
// (quoted, forward, getMessage results, proto.WebMessageInfo.fromObject).
type WAMessage struct {
	Key       Key
	Message   *waE2E.Message // nil when the object has no message
	Timestamp int64          // messageTimestamp in seconds, 0 if absent
	PushName  string
	Info      *waWeb.WebMessageInfo // every WebMessageInfo field the object set
}

// ParseWAMessage reads a WAMessage object; key (with remoteJid and id) is
// required. Errors are 400 *errs.Error naming the field under path.
func ParseWAMessage(v jsval.Value, path string) (*WAMessage, error) {
	obj, ok := v.(*jsval.Object)
	if !ok {
		return nil, badField(path, "WAMessage object expected, got %s", kindOf(v))
	}
	rawKey, _ := obj.Get("key")
	key, err := KeyFromObject(rawKey, join(path, "key"))
	if err != nil {
		return nil, err
	}
	info := &waWeb.WebMessageInfo{}
	if err := fillMessage(obj, info.ProtoReflect(), path); err != nil {
		return nil, err
	}
	return &WAMessage{
		Key:       key,
		Message:   info.GetMessage(),
		Timestamp: int64(info.GetMessageTimestamp()),
		PushName:  info.GetPushName(),
		Info:      info,
	}, nil
}

// MessageFromObject reads message content (proto.Message.fromObject).
func MessageFromObject(v jsval.Value, path string) (*waE2E.Message, error) {
	m := &waE2E.Message{}
	if err := FromObject(v, m, path); err != nil {
		return nil, err
	}
	return m, nil
}
