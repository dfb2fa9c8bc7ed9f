package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
)

func TestChatModify(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const last = [{ key: m.key, messageTimestamp: m.messageTimestamp }]
  // whatsmeow reports no events for the first patch it syncs of a collection
  // the simulator had nothing in (that fetch counts as its full sync): one
  // unasserted change in each of regular_low, regular_high and regular first.
  await step('warmLow', () => sock.chatModify({ pin: false }, jid))
  await step('warmHigh', () => sock.chatModify({ mute: null }, jid))
  await step('warmRegular', () => sock.chatModify({ delete: true, lastMessages: last }, jid))
  await step('archive', () => sock.chatModify({ archive: true, lastMessages: last }, jid))
  await step('pin', () => sock.chatModify({ pin: true }, jid))
  await step('mute', () => sock.chatModify({ mute: 8 * 60 * 60 * 1000 }, jid))
  await step('unmute', () => sock.chatModify({ mute: null }, jid))
  await step('markRead', () => sock.chatModify({ markRead: false, lastMessages: last }, jid))
  await step('star', () => sock.chatModify({ star: { messages: [{ id: m.key.id, fromMe: false }], star: true } }, jid))
  await step('clearMessages', () => sock.chatModify({ clear: { messages: [{ id: m.key.id, fromMe: false, timestamp: m.messageTimestamp }] } }, jid))
  await step('clear', () => sock.chatModify({ clear: true, lastMessages: last }, jid))
  await step('badClear', () => sock.chatModify({ clear: { messages: [] } }, jid))
  await step('badMod', () => sock.chatModify({ shout: true }, jid))
  await step('badArchive', () => sock.chatModify({ archive: 'yes' }, jid))
  await step('delete', () => sock.chatModify({ delete: true, lastMessages: last }, jid))
`, nil, `
  sock.ev.on('chats.update', (us) => { for (const u of us) console.log('CHAT ' + JSON.stringify(u)) })
  sock.ev.on('messages.delete', (d) => console.log('MSGDELETE ' + JSON.stringify(d)))
  sock.ev.on('chats.delete', (ids) => console.log('DELETED ' + ids.join(',')))
  sock.ev.on('messages.update', (us) => { for (const u of us) if (u.update.starred !== undefined) console.log('STARRED ' + u.key.id + ' ' + u.update.starred) })`)
	// The chat actions travel as app-state patches the simulator stores; the
	// session reads them back from the server and reports them as events.
	w.enableAppState(t)
	w.command(t, alice, me, "!modify")
	aj := alice.UserJID().String()
	for _, want := range [][]string{{"R archive null"}, {"R pin null"}, {"R mute null"}, {"R unmute null"},
		{"R markRead null"}, {"R star null"}, {"R clearMessages null"}, {"R clear null"}, {"E badClear 400", "mod.clear.messages"}, {"E badMod 400", "mod"},
		{"E badArchive 400", "mod.archive"}, {"R delete null"},
		{"CHAT ", aj, `"archived":true`}, {"CHAT ", aj, `"pinned"`}, {"CHAT ", aj, `"muteEndTime"`},
		{"CHAT ", aj, `"unreadCount":-1`}, {"STARRED ", "true"}, {"DELETED " + aj}, {"MSGDELETE ", aj, "all"}, {"MSGDELETE ", "keys"}} {
		w.waitLog(t, want...)
	}
	w.settle(t, alice)
}
