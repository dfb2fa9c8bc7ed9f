package events

import (
	"context"

	"go.mau.fi/whatsmeow/proto/waE2E"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jid"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// Baileys' WAMessageStubType values used here.
const (
	stubRevoke     = 1
	stubCiphertext = 2
)

// Texts Baileys puts in messageStubParameters of undecryptable messages.
const (
	noMessageFoundText = "Message absent from node"
	missingKeysText    = "Key used already or never filled"
)

// upsert is a messages.upsert event with one message.
func upsert(kind string, msg *jsval.Object) Event {
	return Event{"messages.upsert", jsval.NewObject().Set("messages", jsval.Array{msg}).Set("type", kind)}
}

// SentUpsert is the 'append' messages.upsert Baileys emits for a message this
// session sent (sendMessage with emitOwnEvents), given wamsg.Sent's result.
func SentUpsert(sent *jsval.Object) Event { return upsert("append", sent) }

// message translates a received message in Baileys' order: the upsert
// ('notify', also for messages the server held while offline: see
// ARCHITECTURE.md "No silent drops"), the sender's push name as
// contacts.update (or ours as creds.update), then what processMessage derives
// from it: revokes and edits as messages.update, reactions, poll votes, and
// the chat's chats.update.
func (t *Translator) message(ctx context.Context, e *wmevents.Message) []Event {
	raw := e.RawMessage
	if raw == nil {
		raw = e.Message
	}
	if onlySenderKey(wamsg.Content(raw)) {
		return nil
	}
	msg := wamsg.Received(&e.Info, raw)
	key := wamsg.InfoKey(&e.Info)
	out := []Event{upsert("notify", msg)}
	// upsertMessage's side events: the sender's push name, or ours.
	if e.Info.PushName != "" {
		if !e.Info.IsFromMe {
			c := jsval.NewObject().Set("id", e.Info.Sender.ToNonAD().String()).Set("notify", e.Info.PushName)
			if v, ok := msg.Get("verifiedBizName"); ok {
				c.Set("verifiedName", v)
			} else {
				c.Set("verifiedName", jsval.Undefined)
			}
			out = append(out, Event{"contacts.update", jsval.Array{c}})
		} else if me := t.look.Me(); !me.ID.IsEmpty() && me.Name != e.Info.PushName {
			me.Name = e.Info.PushName
			out = append(out, CredsUpdate(me))
		}
	}
	// processMessage's events.
	content := e.Message // whatsmeow has unwrapped the same wrappers normalizeMessageContent does
	switch {
	case content.GetProtocolMessage() != nil:
		out = append(out, protocolUpdate(key, e, content.GetProtocolMessage())...)
	case content.GetReactionMessage() != nil:
		out = append(out, t.reaction(key, content.GetReactionMessage()))
	case content.GetPollUpdateMessage() != nil:
		out = append(out, t.pollUpdate(ctx, key, e)...)
	}
	if chat := chatUpdateFor(key, msg, content); chat != nil {
		out = append(out, Event{"chats.update", jsval.Array{chat}})
	}
	return out
}

// chatUpdateFor is the chats.update Baileys' processMessage emits after a
// message: for a real message (not a protocol message, reaction or poll vote)
// the message itself, conversationTimestamp and, for others' messages, an
// unreadCount increment of 1; for a disappearing-messages setting the new
// timer. nil when there is nothing to update.
func chatUpdateFor(key wamsg.Key, msg *jsval.Object, content *waE2E.Message) *jsval.Object {
	chatID := key.RemoteJID
	if jid.IsBroadcast(chatID) && !jid.IsStatusBroadcast(chatID) && !key.FromMe && key.Participant != "" {
		chatID = key.Participant // a broadcast list message belongs to the sender's chat
	}
	chat := jsval.NewObject().Set("id", jid.NormalizedUser(chatID))
	ts, _ := msg.Get("messageTimestamp")
	kind := wamsg.MessageContentType(content)
	real := kind != "" && kind != "protocolMessage" && kind != "reactionMessage" && kind != "pollUpdateMessage"
	if real {
		chat.Set("messages", jsval.Array{jsval.NewObject().Set("message", msg)}).Set("conversationTimestamp", ts)
		if !key.FromMe {
			chat.Set("unreadCount", int64(1))
		}
	}
	if pm := content.GetProtocolMessage(); pm.GetType() == waE2E.ProtocolMessage_EPHEMERAL_SETTING {
		var exp jsval.Value // null when turned off, as Baileys' `|| null`
		if pm.GetEphemeralExpiration() != 0 {
			exp = int64(pm.GetEphemeralExpiration())
		}
		chat.Set("ephemeralSettingTimestamp", ts).Set("ephemeralExpiration", exp)
	}
	if chat.Len() == 1 {
		return nil
	}
	return chat
}

// onlySenderKey reports a message that carries nothing but a sender key
// distribution (and context info): whatsmeow dispatches those on their own.
func onlySenderKey(m *waE2E.Message) bool {
	if m.GetSenderKeyDistributionMessage() == nil {
		return false
	}
	return wamsg.ContentType(wamsg.ToObject(m)) == ""
}

// protocolUpdate mirrors processMessage's REVOKE and MESSAGE_EDIT cases.
func protocolUpdate(key wamsg.Key, e *wmevents.Message, pm *waE2E.ProtocolMessage) []Event {
	target := key
	target.ID = pm.GetKey().GetID()
	switch pm.GetType() {
	case waE2E.ProtocolMessage_REVOKE:
		update := jsval.NewObject().Set("message", nil).Set("messageStubType", int64(stubRevoke)).Set("key", key.Object())
		return []Event{messagesUpdate(target.Object(), update)}
	case waE2E.ProtocolMessage_MESSAGE_EDIT:
		ts := e.Info.Timestamp.Unix()
		if ms := pm.GetTimestampMS(); ms != 0 {
			ts = ms / 1000
		}
		edited := jsval.NewObject().Set("editedMessage", jsval.NewObject().Set("message", wamsg.ToObject(pm.GetEditedMessage())))
		update := jsval.NewObject().Set("message", edited).Set("messageTimestamp", ts)
		return []Event{messagesUpdate(target.Object(), update)}
	}
	return nil
}

func messagesUpdate(key *jsval.Object, update *jsval.Object) Event {
	return Event{"messages.update", jsval.Array{jsval.NewObject().Set("key", key).Set("update", update)}}
}

// reaction is messages.reaction: the reacted-to key seen from this account
// (Baileys' normaliseKey) and the reaction with the reactor's key.
func (t *Translator) reaction(key wamsg.Key, r *waE2E.ReactionMessage) Event {
	target := t.ourView(key, r.GetKey())
	reaction := wamsg.ToObject(r)
	reaction.Set("key", key.Object())
	return Event{"messages.reaction", jsval.Array{jsval.NewObject().Set("reaction", reaction).Set("key", target.Object())}}
}

// ourView turns a key written by the sender of msgKey's message into this
// account's perspective: Baileys flips fromMe, takes the chat from the
// carrying message and fills in the participant.
func (t *Translator) ourView(carrier wamsg.Key, k interface {
	GetRemoteJID() string
	GetFromMe() bool
	GetID() string
	GetParticipant() string
}) wamsg.Key {
	out := wamsg.Key{RemoteJID: k.GetRemoteJID(), FromMe: k.GetFromMe(), ID: k.GetID(), Participant: k.GetParticipant()}
	if carrier.FromMe {
		return out
	}
	if out.FromMe {
		out.FromMe = false
	} else {
		author := out.Participant
		if author == "" {
			author = out.RemoteJID
		}
		out.FromMe = t.isMe(author)
	}
	out.RemoteJID = carrier.RemoteJID
	if out.Participant == "" {
		out.Participant = carrier.Participant
	}
	return out
}

func (t *Translator) isMe(j string) bool {
	me := t.look.Me()
	return (!me.ID.IsEmpty() && jid.SameUser(j, me.ID.String())) || (!me.LID.IsEmpty() && jid.SameUser(j, me.LID.String()))
}

// pollUpdate is the messages.update with pollUpdates Baileys emits for a
// vote on a poll it can decrypt; a vote that cannot be decrypted (poll not
// stored) gives no update, as in Baileys.
func (t *Translator) pollUpdate(ctx context.Context, key wamsg.Key, e *wmevents.Message) []Event {
	pu := e.Message.GetPollUpdateMessage()
	vote, err := t.look.DecryptPollVote(ctx, e)
	if err != nil || vote == nil {
		return nil
	}
	target := t.ourView(key, pu.GetPollCreationMessageKey())
	entry := jsval.NewObject().
		Set("pollUpdateMessageKey", key.Object()).
		Set("vote", wamsg.ToObject(vote)).
		Set("senderTimestampMs", pu.GetSenderTimestampMS())
	return []Event{messagesUpdate(target.Object(), jsval.NewObject().Set("pollUpdates", jsval.Array{entry}))}
}

// undecryptable is the CIPHERTEXT stub Baileys upserts for a message it
// could not decrypt, so scripts still see that something arrived.
func undecryptable(e *wmevents.UndecryptableMessage) *jsval.Object {
	msg := wamsg.Received(&e.Info, nil)
	text := missingKeysText
	if e.IsUnavailable {
		text = noMessageFoundText
	}
	return msg.Set("messageStubType", int64(stubCiphertext)).Set("messageStubParameters", jsval.Array{text})
}
