package baileys_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestPresenceAndGroupReceiptEvents: a person the bot subscribed to goes online and types, and the
// bot's script sees each as presence.update; the person reads the bot's group message, and the
// script sees message-receipt.update for that reader; the bot's sendReceipts reaches the person.
func TestPresenceAndGroupReceiptEvents(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!sub') return step('subscribe', () => sock.presenceSubscribe(jid))
  if (cmd === '!receipts') return step('receipts', () => sock.sendReceipts([m.key], 'read'))
  if (cmd === '!group') {
    const g = await sock.groupCreate('Readers', [jid])
    const sent = await sock.sendMessage(g.id, { text: 'read me' })
    console.log('GROUPMSG ' + g.id + ' ' + sent.key.id)
  }
`, nil, `
  sock.ev.on('presence.update', (u) => console.log('PRESENCE ' + JSON.stringify(u)))
  sock.ev.on('message-receipt.update', (us) => { for (const u of us) console.log('RECEIPT ' + JSON.stringify(u)) })`)
	aj := alice.UserJID().String()
	bot := botJID(t, me)

	w.command(t, alice, me, "!sub")
	w.waitLog(t, "R subscribe null")
	if err := alice.WA.SendPresence(testkit.Context(t), types.PresenceAvailable); err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, `PRESENCE {"id":"`+aj+`","presences":{"`+aj+`":{"lastKnownPresence":"available"`)
	if err := alice.WA.SendChatPresence(testkit.Context(t), bot, types.ChatPresenceComposing, types.ChatPresenceMediaText); err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, `PRESENCE {"id":"`+aj+`","presences":{"`+aj+`":{"lastKnownPresence":"composing"}}}`)

	w.command(t, alice, me, "!group")
	line := w.waitLog(t, "GROUPMSG ")
	fields := strings.Fields(line[strings.Index(line, "GROUPMSG ")+len("GROUPMSG "):])
	group, id := fields[0], fields[1]
	msg := alice.WaitMessage(t, testkit.Text("read me"))
	if msg.Info.Chat.String() != group || msg.Info.ID != id {
		t.Fatalf("the person got %s in %s, want %s in %s", msg.Info.ID, msg.Info.Chat, id, group)
	}
	if err := alice.WA.MarkRead(testkit.Context(t), []types.MessageID{msg.Info.ID}, time.Now(), msg.Info.Chat, msg.Info.Sender); err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, `RECEIPT {"key":{"remoteJid":"`+group+`","id":"`+id+`","fromMe":true,"participant":"`+aj+`"},"receipt":{"userJid":"`+aj+`","readTimestamp":`)

	sent := alice.SendText(t, bot, "!receipts")
	w.waitLog(t, "R receipts null")
	testkit.WaitFor(t, alice, func(e *wmevents.Receipt) bool {
		return e.Type == types.ReceiptTypeRead && slices.Contains(e.MessageIDs, sent.ID)
	})
	w.settle(t, alice)
}
