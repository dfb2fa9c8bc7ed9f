package baileys_test

import (
	"context"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
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

// TestChatsOnEveryDevice: a second whatsmeow client linked to the bot's account sees the archive,
// pin, mute and delete the bot makes with chatModify (app-state patches the simulator stores and
// announces), and the bot sees the unarchive, unpin, unmute and delete made on that device as
// chats.update and chats.delete.
func TestChatsOnEveryDevice(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const last = [{ key: m.key, messageTimestamp: m.messageTimestamp }]
  if (cmd === '!warm') {
    // Another chat, so that no event of the person's chat comes from the warm-up.
    const other = '15550003333@s.whatsapp.net'
    await step('warmLow', () => sock.chatModify({ pin: false }, other))
    await step('warmHigh', () => sock.chatModify({ mute: null }, other))
    await step('warmRegular', () => sock.chatModify({ delete: true, lastMessages: last }, other))
    return
  }
  await step('archive', () => sock.chatModify({ archive: true, lastMessages: last }, jid))
  await step('pin', () => sock.chatModify({ pin: true }, jid))
  await step('mute', () => sock.chatModify({ mute: 60 * 60 * 1000 }, jid))
  await step('delete', () => sock.chatModify({ delete: true, lastMessages: last }, '15550004444@s.whatsapp.net'))
`, nil, `
  sock.ev.on('chats.update', (us) => { for (const u of us) console.log('CHAT ' + JSON.stringify(u)) })
  sock.ev.on('chats.delete', (ids) => console.log('DELETED ' + ids.join(',')))`)
	w.enableAppState(t)
	bot, _ := types.ParseJID(me)
	second := testkit.NewClient(t, w.srv, testkit.Phone(bot.User))
	second.EnableAppState(t)
	// whatsmeow treats its first fetch of a collection as a full sync and reports no events for
	// it: one unasserted change in each collection, seen by both devices, comes first.
	w.command(t, alice, me, "!warm")
	s := w.session(t, "auth_info")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	for _, name := range []appstate.WAPatchName{appstate.WAPatchRegularLow, appstate.WAPatchRegularHigh, appstate.WAPatchRegular} {
		runtimetest.Eventually(t, testkit.Timeout, func() bool {
			var botVersion uint64
			err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
				var err error
				botVersion, _, err = cli.Store.AppState.GetAppStateVersion(ctx, string(name))
				return err
			})
			v, _, err2 := second.Device.AppState.GetAppStateVersion(ctx, string(name))
			return err == nil && err2 == nil && botVersion > 0 && v > 0
		}, "both devices synced %s", name)
	}

	// The bot's changes reach the other device.
	w.command(t, alice, me, "!modify")
	aj := alice.UserJID()
	testkit.WaitFor(t, second, func(e *wmevents.Archive) bool { return e.JID == aj && e.Action.GetArchived() })
	testkit.WaitFor(t, second, func(e *wmevents.Pin) bool { return e.JID == aj && e.Action.GetPinned() })
	testkit.WaitFor(t, second, func(e *wmevents.Mute) bool { return e.JID == aj && e.Action.GetMuted() })
	testkit.WaitFor(t, second, func(e *wmevents.DeleteChat) bool { return e.JID.User == "15550004444" })

	// The other device's changes reach the bot.
	for _, p := range []appstate.PatchInfo{appstate.BuildArchive(aj, false, time.Time{}, nil), appstate.BuildPin(aj, false),
		appstate.BuildMute(aj, false, 0), appstate.BuildDeleteChat(types.NewJID("15550005555", types.DefaultUserServer), time.Time{}, nil)} {
		if err := second.WA.SendAppState(ctx, p); err != nil {
			t.Fatalf("second device: %v", err)
		}
	}
	// Archiving unpins (whatsmeow's BuildArchive, as WhatsApp does), so the bot's own archive gave
	// one "pinned":null already: the other device's unpin is the second.
	for change, n := range map[string]int{`"archived":false`: 1, `"pinned":null`: 2, `"muteEndTime":null`: 1} {
		line := `CHAT {"id":"` + aj.String() + `",` + change + `}`
		runtimetest.Eventually(t, testkit.Timeout, func() bool { return w.env.Logs.Count(line) >= n }, "%d× %s", n, line)
	}
	w.waitLog(t, "DELETED 15550005555@s.whatsapp.net")
	w.settle(t, alice, second)
}
