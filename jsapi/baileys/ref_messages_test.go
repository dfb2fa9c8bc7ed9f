package baileys_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestMessagePresenceReceiptsAndChannels: every sendPresenceUpdate type reaches a contact (online
// state without a jid or with one, chat states with one; a chat state without a jid is a 400);
// readMessages and sendReceipt(…, 'read') give the sender a read receipt, while 'read-self' reaches
// only the bot's other device; a post in a channel the bot follows arrives as messages.upsert.
func TestMessagePresenceReceiptsAndChannels(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  const [, arg] = cmd.split(' ')
  if (cmd === '!presence') {
    await step('unavailable', () => sock.sendPresenceUpdate('unavailable'))
    await step('available', () => sock.sendPresenceUpdate('available', jid))
    await step('unavailableJid', () => sock.sendPresenceUpdate('unavailable', jid))
    await step('availableAgain', () => sock.sendPresenceUpdate('available'))
    await step('composing', () => sock.sendPresenceUpdate('composing', jid))
    await step('recording', () => sock.sendPresenceUpdate('recording', jid))
    await step('paused', () => sock.sendPresenceUpdate('paused', jid))
    await step('noJid', () => sock.sendPresenceUpdate('composing'))
  }
  if (cmd === '!name') await step('name', () => sock.updateProfileName('Bot'))
  if (cmd === '!read') await step('read', () => sock.readMessages([m.key]))
  if (cmd === '!receipt') await step('receipt', () => sock.sendReceipt(jid, undefined, [m.key.id], 'read'))
  if (cmd === '!receiptSelf') await step('receiptSelf', () => sock.sendReceipt(jid, undefined, [m.key.id], 'read-self'))
  if (cmd.startsWith('!follow')) await step('follow', () => sock.newsletterFollow(arg))
`, nil, `
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    for (const m of messages) if (m.key.remoteJid.endsWith('@newsletter')) console.log('CHANNEL ' + type + ' ' + m.key.remoteJid + ' ' + m.message?.conversation)
  })`)
	bot := botJID(t, me)
	ctx := testkit.Context(t)
	// Presence carries the push name: the bot sets one (an app-state setting) and waits to know it.
	w.enableAppState(t)
	w.command(t, alice, me, "!name")
	w.waitLog(t, "R name null")
	s := w.session(t, "auth_info")
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		named := false
		_ = s.Do(ctx, func(_ context.Context, cli *whatsmeow.Client) error { named = cli.Store.PushName != ""; return nil })
		return named
	}, "the bot knows its push name")

	// Presence: the person subscribes and records the bot's online states from here on.
	var mu sync.Mutex
	var online []bool
	var readBySender []types.MessageID // read-type receipts the person got
	alice.WA.AddEventHandler(func(evt any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := evt.(type) {
		case *wmevents.Presence:
			if e.From.User == bot.User {
				online = append(online, !e.Unavailable)
			}
		case *wmevents.Receipt:
			if e.Type == types.ReceiptTypeRead || e.Type == types.ReceiptTypeReadSelf {
				readBySender = append(readBySender, e.MessageIDs...)
			}
		}
	})
	if err := alice.WA.SubscribePresence(ctx, bot); err != nil {
		t.Fatal(err)
	}
	w.command(t, alice, me, "!presence")
	for _, step := range []string{"unavailable", "available", "unavailableJid", "availableAgain", "composing", "recording", "paused"} {
		w.waitLog(t, "R "+step+" null")
	}
	w.waitLog(t, "E noJid 400", "toJid")
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return containsInOrder(online, []bool{false, true, false, true})
	}, "the person saw the bot go offline, online, offline, online")
	testkit.WaitFor(t, alice, func(e *wmevents.ChatPresence) bool {
		return e.Sender.User == bot.User && e.State == types.ChatPresenceComposing && e.Media == types.ChatPresenceMediaText
	})
	testkit.WaitFor(t, alice, func(e *wmevents.ChatPresence) bool {
		return e.Sender.User == bot.User && e.State == types.ChatPresenceComposing && e.Media == types.ChatPresenceMediaAudio
	})
	testkit.WaitFor(t, alice, func(e *wmevents.ChatPresence) bool {
		return e.Sender.User == bot.User && e.State == types.ChatPresencePaused
	})

	// Receipts: read ones reach the sender; read-self only the bot's other device.
	second := testkit.NewClient(t, w.srv, testkit.Phone(bot.User))
	for _, cmd := range []string{"!read", "!receipt"} {
		sent := alice.SendText(t, bot, cmd)
		w.waitLog(t, "DONE "+cmd)
		alice.WaitReceipt(t, sent.ID, string(types.ReceiptTypeRead))
	}
	self := alice.SendText(t, bot, "!receiptSelf")
	w.waitLog(t, "R receiptSelf null")
	testkit.WaitFor(t, second, func(e *wmevents.Receipt) bool {
		return e.Type == types.ReceiptTypeReadSelf && slices.Contains(e.MessageIDs, self.ID)
	})
	mu.Lock()
	if slices.Contains(readBySender, self.ID) {
		t.Errorf("the sender got a read receipt for a message read with read-self")
	}
	mu.Unlock()

	// Channels: the bot follows the person's channel and gets its post.
	ch, err := w.srv.Channels.Create(alice.UserJID().User, "News", "daily")
	if err != nil {
		t.Fatal(err)
	}
	channel := types.NewJID(ch.ID, types.NewsletterServer)
	w.command(t, alice, me, "!follow "+channel.String())
	w.waitLog(t, "R follow null")
	alice.SendText(t, channel, "first post")
	w.waitLog(t, "CHANNEL notify "+channel.String()+" first post")
	w.settle(t, alice, second)
}

// containsInOrder reports whether want appears in got as a subsequence.
func containsInOrder(got, want []bool) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}
