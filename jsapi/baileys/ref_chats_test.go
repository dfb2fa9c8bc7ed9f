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
	w.waitAppStateSynced(t)
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

// TestChatsOnEveryDevice: the first archive, pin, mute and delete made on a second whatsmeow client
// linked to the bot's account reach the bot as chats.update and chats.delete (the phone's initial state
// put every collection at version 1, so they are no full sync that whatsmeow reports nothing of), and
// the unarchive, unpin, unmute and delete the bot then makes with chatModify reach that device.
func TestChatsOnEveryDevice(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const last = [{ key: m.key, messageTimestamp: m.messageTimestamp }]
  await step('unarchive', () => sock.chatModify({ archive: false, lastMessages: last }, jid))
  await step('unpin', () => sock.chatModify({ pin: false }, jid))
  await step('unmute', () => sock.chatModify({ mute: null }, jid))
  await step('delete', () => sock.chatModify({ delete: true, lastMessages: last }, '15550004444@s.whatsapp.net'))
`, nil, `
  sock.ev.on('chats.update', (us) => { for (const u of us) console.log('CHAT ' + JSON.stringify(u)) })
  sock.ev.on('chats.delete', (ids) => console.log('DELETED ' + ids.join(',')))`)
	second := w.secondDevice(t, me)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()

	// The other device's first changes of regular_low (archive, pin), regular_high (mute) and regular
	// (delete) reach the bot.
	aj := alice.UserJID()
	for _, p := range []appstate.PatchInfo{appstate.BuildArchive(aj, true, time.Time{}, nil), appstate.BuildPin(aj, true),
		appstate.BuildMute(aj, true, time.Hour), appstate.BuildDeleteChat(types.NewJID("15550005555", types.DefaultUserServer), time.Time{}, nil)} {
		if err := second.WA.SendAppState(ctx, p); err != nil {
			t.Fatalf("second device: %v", err)
		}
	}
	id := `"id":"` + aj.String() + `"`
	w.waitLog(t, "CHAT ", id, `"archived":true`)
	w.waitLog(t, "CHAT ", id, `"pinned":1`)
	w.waitLog(t, "CHAT ", id, `"muteEndTime":1`)
	w.waitLog(t, "DELETED 15550005555@s.whatsapp.net")

	// The bot's changes reach the other device. That device also saw its own changes, among them the
	// unpin that comes with an archive (whatsmeow's BuildArchive, as WhatsApp does): only changes made
	// from now on count.
	since := time.Now().Truncate(time.Millisecond)
	w.command(t, alice, me, "!modify")
	testkit.WaitFor(t, second, func(e *wmevents.Archive) bool {
		return e.JID == aj && !e.Action.GetArchived() && !e.Timestamp.Before(since)
	})
	testkit.WaitFor(t, second, func(e *wmevents.Pin) bool {
		return e.JID == aj && !e.Action.GetPinned() && !e.Timestamp.Before(since)
	})
	testkit.WaitFor(t, second, func(e *wmevents.Mute) bool { return e.JID == aj && !e.Action.GetMuted() && !e.Timestamp.Before(since) })
	testkit.WaitFor(t, second, func(e *wmevents.DeleteChat) bool { return e.JID.User == "15550004444" })
	w.settle(t, alice, second)
}

// waitAppStateSynced waits until the bot's session made its first sync of every app-state collection
// (the phone's initial state), which it starts when it gets the key.
func (w *world) waitAppStateSynced(t *testing.T) {
	t.Helper()
	s := w.session(t, "auth_info")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	for _, name := range appstate.AllPatchNames {
		runtimetest.Eventually(t, testkit.Timeout, func() bool {
			var v uint64
			err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
				var err error
				v, _, err = cli.Store.AppState.GetAppStateVersion(ctx, string(name))
				return err
			})
			return err == nil && v > 0
		}, "the bot synced %s", name)
	}
}
