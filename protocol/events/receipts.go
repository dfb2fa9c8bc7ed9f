package events

import (
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// receiptStatus is Baileys' getStatusFromReceiptType; receipt types it does
// not map (retry, server-error, inactive, ...) produce no event.
func receiptStatus(t types.ReceiptType) (int64, bool) {
	switch t {
	case types.ReceiptTypeDelivered:
		return wamsg.StatusDeliveryAck, true
	case types.ReceiptTypeSender:
		return wamsg.StatusServerAck, true
	case types.ReceiptTypeRead, types.ReceiptTypeReadSelf:
		return wamsg.StatusRead, true
	case types.ReceiptTypePlayed, types.ReceiptTypePlayedSelf:
		return wamsg.StatusPlayed, true
	}
	return 0, false
}

// receipt mirrors Baileys' handleReceipt: in groups and status broadcasts a
// per-reader message-receipt.update, in chats a messages.update of status.
// The key is about the message the receipt acknowledges, so fromMe is true
// for receipts other people send (they acknowledge our messages).
func receipt(e *wmevents.Receipt) []Event {
	status, ok := receiptStatus(e.Type)
	if !ok {
		return nil
	}
	fromMe := !e.IsFromMe || e.Type == types.ReceiptTypeSender
	ts := e.Timestamp.Unix()
	chat := e.Chat.String()
	items := make(jsval.Array, 0, len(e.MessageIDs))
	if e.IsGroup || e.Chat == types.StatusBroadcastJID {
		if e.Sender.IsEmpty() {
			return nil
		}
		reader := e.Sender.ToNonAD().String()
		field := "readTimestamp"
		if status == wamsg.StatusDeliveryAck {
			field = "receiptTimestamp"
		}
		for _, id := range e.MessageIDs {
			key := jsval.NewObject().Set("remoteJid", chat).Set("id", id).Set("fromMe", fromMe).Set("participant", reader)
			items = append(items, jsval.NewObject().Set("key", key).
				Set("receipt", jsval.NewObject().Set("userJid", reader).Set(field, ts)))
		}
		return []Event{{"message-receipt.update", items}}
	}
	for _, id := range e.MessageIDs {
		key := jsval.NewObject().Set("remoteJid", chat).Set("id", id).Set("fromMe", fromMe)
		items = append(items, jsval.NewObject().Set("key", key).
			Set("update", jsval.NewObject().Set("status", status).Set("messageTimestamp", ts)))
	}
	return []Event{{"messages.update", items}}
}

// chatPresence is presence.update for typing/recording; Baileys reports a
// paused chat state as 'available'.
func chatPresence(e *wmevents.ChatPresence) Event {
	state := "available"
	if e.State == types.ChatPresenceComposing {
		state = "composing"
		if e.Media == types.ChatPresenceMediaAudio {
			state = "recording"
		}
	}
	return presenceUpdate(e.Chat.String(), e.Sender.ToNonAD().String(), jsval.NewObject().Set("lastKnownPresence", state))
}

// presence is presence.update for online/offline with last seen (seconds).
func presence(e *wmevents.Presence) Event {
	p := jsval.NewObject()
	if e.Unavailable {
		p.Set("lastKnownPresence", "unavailable")
	} else {
		p.Set("lastKnownPresence", "available")
	}
	if !e.LastSeen.IsZero() {
		p.Set("lastSeen", e.LastSeen.Unix())
	}
	jid := e.From.ToNonAD().String()
	return presenceUpdate(jid, jid, p)
}

func presenceUpdate(id, participant string, p *jsval.Object) Event {
	return Event{"presence.update", jsval.NewObject().Set("id", id).Set("presences", jsval.NewObject().Set(participant, p))}
}
