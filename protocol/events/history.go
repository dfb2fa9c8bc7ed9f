package events

import (
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// historySync is messaging-history.set as Baileys' processHistoryMessage
// builds it: chats are the conversations without their messages, contacts
// come from conversations (names) and push names, messages are the
// WebMessageInfos as stored, plus Baileys 7's lidPnMappings.
func (t *Translator) historySync(e *wmevents.HistorySync) Event {
	data := e.Data
	chats, contacts, messages := jsval.Array{}, jsval.Array{}, jsval.Array{}
	for _, conv := range data.GetConversations() {
		c := jsval.NewObject().Set("id", conv.GetID())
		if name := conv.GetName(); name != "" {
			c.Set("name", name)
		}
		if lid := conv.GetLidJID(); lid != "" {
			c.Set("lid", lid)
		}
		if pn := conv.GetPnJID(); pn != "" {
			c.Set("phoneNumber", pn)
		}
		contacts = append(contacts, c)
		for _, m := range conv.GetMessages() {
			if wmi := m.GetMessage(); wmi != nil {
				messages = append(messages, wamsg.ToObject(wmi))
			}
		}
		chat := wamsg.ToObject(conv)
		chat.Delete("messages")
		chats = append(chats, chat)
	}
	for _, status := range data.GetStatusV3Messages() {
		messages = append(messages, wamsg.ToObject(status))
	}
	for _, pn := range data.GetPushnames() {
		contacts = append(contacts, jsval.NewObject().Set("id", pn.GetID()).Set("notify", pn.GetPushname()))
	}
	mappings := jsval.Array{}
	for _, m := range data.GetPhoneNumberToLidMappings() {
		mappings = append(mappings, jsval.NewObject().Set("lid", m.GetLidJID()).Set("pn", m.GetPnJID()))
	}
	payload := jsval.NewObject().
		Set("chats", chats).
		Set("contacts", contacts).
		Set("messages", messages).
		Set("isLatest", data.GetSyncType() == waHistorySync.HistorySync_INITIAL_BOOTSTRAP).
		Set("progress", int64(data.GetProgress())).
		Set("syncType", int64(data.GetSyncType())).
		Set("lidPnMappings", mappings)
	if data != nil && data.ChunkOrder != nil {
		payload.Set("chunkOrder", int64(data.GetChunkOrder()))
	}
	return Event{"messaging-history.set", payload}
}
