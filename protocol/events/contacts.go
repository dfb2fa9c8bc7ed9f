package events

import (
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// picture: Baileys reports a changed or removed profile picture (of a user
// or a group) as contacts.update {id, imgUrl: 'changed' | 'removed'}.
func picture(e *wmevents.Picture) Event {
	state := "changed"
	if e.Remove {
		state = "removed"
	}
	return Event{"contacts.update", jsval.Array{jsval.NewObject().Set("id", e.JID.ToNonAD().String()).Set("imgUrl", state)}}
}

// contact is an address-book entry synced from the phone: contacts.upsert.
func contact(e *wmevents.Contact) Event {
	c := jsval.NewObject().Set("id", e.JID.ToNonAD().String())
	if name := e.Action.GetFullName(); name != "" {
		c.Set("name", name)
	}
	if lid := e.Action.GetLidJID(); lid != "" {
		c.Set("lid", lid)
	}
	return Event{"contacts.upsert", jsval.Array{c}}
}

// blocklist: each change is a blocklist.update ('add' for blocks, 'remove'
// for unblocks), as Baileys emits for the server's account_sync
// notification. whatsmeow's "modify" action carries no changes (it means the
// whole list should be fetched again), for which Baileys has no event.
func blocklist(e *wmevents.Blocklist) []Event {
	var added, removed jsval.Array
	for _, c := range e.Changes {
		if c.Action == wmevents.BlocklistChangeActionUnblock {
			removed = append(removed, c.JID.ToNonAD().String())
		} else {
			added = append(added, c.JID.ToNonAD().String())
		}
	}
	var out []Event
	if len(added) > 0 {
		out = append(out, Event{"blocklist.update", jsval.NewObject().Set("blocklist", added).Set("type", "add")})
	}
	if len(removed) > 0 {
		out = append(out, Event{"blocklist.update", jsval.NewObject().Set("blocklist", removed).Set("type", "remove")})
	}
	return out
}

// chatUpdate maps app-state chat actions to chats.update as Baileys'
// processSyncAction does: archived, pinned (timestamp or null), muteEndTime
// (or null), unreadCount (0 read, -1 marked unread).
func chatUpdate(evt any) Event {
	c := jsval.NewObject()
	switch e := evt.(type) {
	case *wmevents.Archive:
		c.Set("id", e.JID.String()).Set("archived", e.Action.GetArchived())
	case *wmevents.Pin:
		c.Set("id", e.JID.String())
		if e.Action.GetPinned() {
			c.Set("pinned", e.Timestamp.Unix())
		} else {
			c.Set("pinned", nil)
		}
	case *wmevents.Mute:
		c.Set("id", e.JID.String())
		if e.Action.GetMuted() {
			c.Set("muteEndTime", e.Action.GetMuteEndTimestamp())
		} else {
			c.Set("muteEndTime", nil)
		}
	case *wmevents.MarkChatAsRead:
		c.Set("id", e.JID.String())
		if e.Action.GetRead() {
			c.Set("unreadCount", int64(0))
		} else {
			c.Set("unreadCount", int64(-1))
		}
	}
	return Event{"chats.update", jsval.Array{c}}
}

// appStateKey is the key of a message named by an app-state action.
func appStateKey(chat, sender string, fromMe bool, id string) wamsg.Key {
	k := wamsg.Key{RemoteJID: chat, FromMe: fromMe, ID: id}
	if !fromMe && sender != "" && sender != chat {
		k.Participant = sender
	}
	return k
}

func deleteForMe(e *wmevents.DeleteForMe) Event {
	key := appStateKey(e.ChatJID.String(), jidString(e.SenderJID), e.IsFromMe, e.MessageID)
	return Event{"messages.delete", jsval.NewObject().Set("keys", jsval.Array{key.Object()})}
}

func star(e *wmevents.Star) Event {
	key := appStateKey(e.ChatJID.String(), jidString(e.SenderJID), e.IsFromMe, e.MessageID)
	return messagesUpdate(key.Object(), jsval.NewObject().Set("starred", e.Action.GetStarred()))
}

// jidString renders a JID without its device part, or "" when empty.
func jidString(j types.JID) string {
	if j.IsEmpty() {
		return ""
	}
	return j.ToNonAD().String()
}
