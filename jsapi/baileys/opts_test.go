package baileys_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// optsBot is a bot made with makeWASocket({ auth, <config> }) that logs "GOT <text>" for every
// message a person sends it and, for "!send <jid> <text>", sends text to jid and logs "SENT <id>"
// (or "E send <status> <message>"). handlers run with sock in scope; prelude before makeWASocket.
func optsBot(prelude, config, handlers string) string {
	return `
const baileys = require('@whiskeysockets/baileys')
const { default: makeWASocket, useMultiFileAuthState } = baileys
` + prelude + `
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, ` + config + ` })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) {
      if (type !== 'notify' || m.key.fromMe) continue
      const text = m.message?.conversation || m.message?.extendedTextMessage?.text || ''
      console.log('GOT ' + text)
      const [cmd, to, ...rest] = text.split(' ')
      if (cmd !== '!send') continue
      try {
        const sent = await sock.sendMessage(to, { text: rest.join(' ') })
        console.log('SENT ' + sent.key.id + ' ' + rest.join('_'))
      } catch (e) {
        console.log('E send ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
      }
    }
  })
` + handlers + `
}
start()
`
}

// optsWorld runs optsBot linked as a new account and returns the world, the bot's session and its
// user jid.
func optsWorld(t *testing.T, prelude, config, handlers string, tweaks ...func(*baileys.Config)) (*world, *protocol.Session, types.JID) {
	t.Helper()
	w := startWorld(t, map[string]string{"bot.js": optsBot(prelude, config, handlers)}, false, tweaks...)
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	return w, s, s.Status().Me.ID.ToNonAD()
}

var sentLine = regexp.MustCompile(`SENT ([0-9A-Za-z]+) `)

// send has from tell the bot to send text to to, and returns the id of the bot's message.
func (w *world) send(t *testing.T, from *testkit.Client, me types.JID, to types.JID, text string) string {
	t.Helper()
	from.SendText(t, me, "!send "+to.String()+" "+text)
	m := sentLine.FindStringSubmatch(w.waitLog(t, "SENT ", strings.ReplaceAll(text, " ", "_")))
	if m == nil {
		t.Fatal("no message id in the SENT line")
	}
	return m[1]
}

// forgetBot makes c lose its Signal sessions with every device of the bot, so that the bot's next
// message (encrypted in the session the bot still has) fails to decrypt and c sends retry receipts.
func forgetBot(t *testing.T, c *testkit.Client, s *protocol.Session) {
	t.Helper()
	me := s.Status().Me
	for _, user := range []string{me.ID.User, types.JID{User: me.LID.User, Server: types.HiddenUserServer}.SignalAddressUser()} {
		if err := c.WA.Store.Sessions.DeleteAllSessions(context.Background(), user); err != nil {
			t.Fatal(err)
		}
	}
}

// retryScene has alice (watched by watch, when not nil) and the bot exchange a first message, then
// makes alice forget her session with the bot; bob then has the bot send text to alice, who cannot
// decrypt it and asks again. Alice is offline until the bot's send has completed: a retry receipt
// arriving before that is answered from whatsmeow's own copy (see protocol/retry.go). It returns
// alice, bob and the id of the bot's message.
func retryScene(t *testing.T, w *world, s *protocol.Session, me types.JID, text string, watch func(any)) (alice, bob *testkit.Client, id string) {
	t.Helper()
	alice = testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	if watch != nil {
		alice.WA.AddEventHandler(watch)
	}
	bob = testkit.NewClient(t, w.srv, testkit.Name("Bob"))
	alice.SendText(t, me, "hi")
	w.waitLog(t, "GOT hi")
	forgetBot(t, alice, s)
	testkit.WaitAcked(t, w.srv, alice)
	alice.Disconnect()
	id = w.send(t, bob, me, alice.UserJID(), text)
	alice.Connect(t)
	return alice, bob, id
}

// TestGetMessageAnswersRetryReceipts: a contact that cannot decrypt the bot's message asks for it
// again; the content it then receives is what the script's getMessage returned for the message's key.
func TestGetMessageAnswersRetryReceipts(t *testing.T) {
	w, s, me := optsWorld(t, "", `getMessage: async (key) => {
    console.log('GETMESSAGE ' + JSON.stringify(key))
    return { conversation: 'resent by getMessage' }
  }`, "")
	alice, bob, id := retryScene(t, w, s, me, "original", nil)
	got := alice.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == id })
	if text := got.Message.GetConversation(); text != "resent by getMessage" {
		t.Fatalf("the contact got %v after its retry, want getMessage's content", got.Message)
	}
	if line := w.waitLog(t, "GETMESSAGE", id); !strings.Contains(line, `"fromMe":true`) || !strings.Contains(line, `"remoteJid":"`) {
		t.Fatalf("getMessage got the key %s", line)
	}
	w.settle(t, alice, bob)
}

// TestGetMessageEmptyFallsBackToStore: Baileys' example answers proto.Message.fromObject({}) when it
// has nothing; botrt's message store then answers, so the contact does not get an empty message.
func TestGetMessageEmptyFallsBackToStore(t *testing.T) {
	checkStoreFallback(t, `async (key) => { console.log('GETMESSAGE ' + key.id); return baileys.proto.Message.fromObject({}) }`, "stored text")
}

// TestGetMessageBoundedFallsBackToStore: a getMessage that never settles holds the retry up only
// for the hook budget; the contact then gets the message from botrt's message store, and nothing
// is left waiting.
func TestGetMessageBoundedFallsBackToStore(t *testing.T) {
	runtimetest.NoLeaks(t)
	checkStoreFallback(t, `(key) => { console.log('GETMESSAGE ' + key.id); return new Promise(() => {}) }`, "from the store",
		func(c *baileys.Config) { c.HookBudget = 200 * time.Millisecond })
}

// checkStoreFallback has a contact ask the bot to send text again while the
// script's getMessage hook (which logs "GETMESSAGE <id>") gives nothing
// usable, and checks the contact gets text from botrt's message store.
func checkStoreFallback(t *testing.T, getMessage, text string, tweaks ...func(*baileys.Config)) {
	t.Helper()
	w, s, me := optsWorld(t, "", "getMessage: "+getMessage, "", tweaks...)
	alice, bob, id := retryScene(t, w, s, me, text, nil)
	got := alice.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == id })
	if have := got.Message.GetExtendedTextMessage().GetText(); have != text {
		t.Fatalf("the contact got %q, want the stored message %q", have, text)
	}
	w.waitLog(t, "GETMESSAGE "+id)
	w.settle(t, alice, bob)
}

// TestMaxMsgRetryCountBoundsResends: with maxMsgRetryCount 1 the bot sends a message again once per
// asking device, counting in the script's msgRetryCounterCache under `${id}:${participant}`; the
// contact's second retry receipt for the message is refused.
func TestMaxMsgRetryCountBoundsResends(t *testing.T) {
	w, s, me := optsWorld(t, `const counts = new Map()
const retryCounts = {
  get: (k) => { console.log('CGET ' + k + ' ' + counts.get(k)); return counts.get(k) },
  set: (k, v) => { console.log('CSET ' + k + ' ' + v); counts.set(k, v) },
}`, `maxMsgRetryCount: 1, msgRetryCounterCache: retryCounts`, "")
	var mu sync.Mutex
	deliveries := map[string]int{} // text of the bot's messages → times the contact decrypted one
	alice, bob, id := retryScene(t, w, s, me, "counted", func(evt any) {
		if m, ok := evt.(*wmevents.Message); ok && m.Info.Chat.User == me.User {
			mu.Lock()
			deliveries[m.Message.GetExtendedTextMessage().GetText()]++
			mu.Unlock()
		}
	})
	// The first retry receipt is counted and answered.
	first := alice.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == id })
	set := regexp.MustCompile(`CSET (\S+) 1`).FindStringSubmatch(w.waitLog(t, "CSET "+id+":", " 1"))
	key := set[1]
	if participant := strings.TrimPrefix(key, id+":"); !strings.HasPrefix(participant, alice.UserJID().User+":") && !strings.HasSuffix(participant, "@lid") {
		t.Fatalf("resend counted under %q, want `${id}:${participant}` with the contact's device", key)
	}

	// The contact asks once more: refused, the count stays at the bound.
	ctx := context.Background()
	node := &waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": id, "from": first.Info.Sender, "t": strconv.FormatInt(first.Info.Timestamp.Unix(), 10)}}
	alice.WA.DangerousInternals().SendRetryReceipt(ctx, node, &first.Info, true)
	w.waitLog(t, "CGET "+key+" 1")
	w.send(t, bob, me, alice.UserJID(), "barrier") // the bot's sends to the contact arrive in order
	alice.WaitMessage(t, testkit.Text("barrier"))
	mu.Lock()
	defer mu.Unlock()
	if deliveries["counted"] != 1 || w.env.Logs.Count("CSET "+key) != 1 {
		t.Fatalf("the contact got the message %d times and the resend was counted %d times, want 1 and 1",
			deliveries["counted"], w.env.Logs.Count("CSET "+key))
	}
	w.settle(t, alice, bob)
}

// TestPatchMessageBeforeSending: the contact receives the patched message while the bot's own copy
// stays as sent, the function gets the recipient's devices, and Baileys 7's per-recipient array
// works when every recipient gets the same content (different contents are refused with 501).
func TestPatchMessageBeforeSending(t *testing.T) {
	w, _, me := optsWorld(t, "", `patchMessageBeforeSending: (msg, jids) => {
    const text = msg.extendedTextMessage.text
    console.log('PATCH ' + text + ' ' + JSON.stringify(jids))
    const patched = { ...msg, extendedTextMessage: { ...msg.extendedTextMessage, text: text + ' (patched)' } }
    if (text.startsWith('array')) return jids.map((recipientJid) => ({ recipientJid, message: patched }))
    if (text.startsWith('differ')) return jids.map((recipientJid, i) => ({ recipientJid, ...patched, extendedTextMessage: { text: text + i } }))
    return patched
  }`, `  sock.ev.on('messages.upsert', ({ messages, type }) => {
    for (const m of messages) if (type === 'append' && m.key.fromMe) console.log('OWN ' + m.message?.extendedTextMessage?.text)
  })`)
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	laptop := testkit.NewClient(t, w.srv, testkit.Name("Alice laptop"), testkit.SameAccount(alice))
	bob := testkit.NewClient(t, w.srv, testkit.Name("Bob"))

	w.send(t, bob, me, alice.UserJID(), "hello")
	alice.WaitMessage(t, testkit.Text("hello (patched)"))
	laptop.WaitMessage(t, testkit.Text("hello (patched)"))
	w.waitLog(t, "OWN hello")
	line := w.waitLog(t, "PATCH hello ")
	for _, dev := range []types.JID{alice.JID(), laptop.JID()} {
		if !strings.Contains(line, dev.User) || !strings.Contains(line, ":"+strconv.Itoa(int(dev.Device))+"@") {
			t.Fatalf("patchMessageBeforeSending got %s, want the device %s among the jids", line, dev)
		}
	}

	w.send(t, bob, me, alice.UserJID(), "array form")
	alice.WaitMessage(t, testkit.Text("array form (patched)"))

	bob.SendText(t, me, "!send "+alice.UserJID().String()+" differ per device")
	w.waitLog(t, "E send 501", "different messages per recipient")
	w.settle(t, alice, laptop, bob)
}

// TestShouldIgnoreJid: messages and receipts from an ignored jid reach no handler, those of others
// do, and the bot's own messages to the ignored person are still its own. The ignored person's events are handled by the session before the other's (the bot's delivery
// receipt to bob shows it), and the queue keeps that order.
func TestShouldIgnoreJid(t *testing.T) {
	w, _, me := optsWorld(t, `let ignoredUser = ''`, `shouldIgnoreJid: (jid) => {
    const ignore = ignoredUser !== '' && jid.split('@')[0].split(':')[0] === ignoredUser
    if (ignore) console.log('IGNORING ' + jid)
    return ignore
  }`, `  sock.ev.on('messages.upsert', ({ messages }) => {
    for (const m of messages) {
      const text = m.message?.conversation || ''
      if (text.startsWith('!ignore ')) ignoredUser = text.slice(8)
    }
  })
  sock.ev.on('messages.update', (us) => { for (const u of us) console.log('UPDATE ' + u.key.id + ' ' + u.update.status) })
  sock.ev.on('messages.upsert', ({ messages, type }) => { for (const m of messages) if (type === 'append') console.log('OWN ' + m.key.id) })`)
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	bob := testkit.NewClient(t, w.srv, testkit.Name("Bob"))
	toBob := w.send(t, alice, me, bob.UserJID(), "for bob")
	toAlice := w.send(t, bob, me, alice.UserJID(), "for alice")
	bob.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == toBob })
	alice.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == toAlice })
	alice.SendText(t, me, "!ignore "+bob.UserJID().User)
	w.waitLog(t, "GOT !ignore")

	ctx := context.Background()
	if err := bob.WA.MarkRead(ctx, []types.MessageID{toBob}, time.Now(), me, types.EmptyJID); err != nil {
		t.Fatal(err)
	}
	fromBob := bob.SendText(t, me, "from bob")
	// The bot's receipt for bob's message shows its session took bob's read receipt and message.
	testkit.WaitFor(t, bob, func(r *wmevents.Receipt) bool { return slices.Contains(r.MessageIDs, fromBob.ID) })
	if err := alice.WA.MarkRead(ctx, []types.MessageID{toAlice}, time.Now(), me, types.EmptyJID); err != nil {
		t.Fatal(err)
	}
	alice.SendText(t, me, "from alice")
	w.waitLog(t, "UPDATE "+toAlice+" 4") // READ
	w.waitLog(t, "GOT from alice")
	w.waitLog(t, "IGNORING ")
	// The bot's own message to bob is its own, not bob's: it is not ignored.
	again := w.send(t, alice, me, bob.UserJID(), "to bob again")
	w.waitLog(t, "OWN "+again)
	for _, l := range []string{"GOT from bob", "UPDATE " + toBob + " 4"} {
		if w.env.Logs.Count(l) != 0 {
			t.Fatalf("%q reached the handlers although bob is ignored", l)
		}
	}
	w.settle(t, alice, bob)
}

// TestShouldSyncHistoryMessage: a history sync the function refuses produces no
// messaging-history.set; one it accepts does, and the function sees the notification's syncType.
func TestShouldSyncHistoryMessage(t *testing.T) {
	w, s, me := optsWorld(t, `let accept = false`, `shouldSyncHistoryMessage: (n) => {
    console.log('HSM ' + accept + ' ' + JSON.stringify(n))
    return accept
  }`, `  sock.ev.on('messaging-history.set', ({ syncType }) => console.log('HISTORY ' + accept + ' ' + syncType))
  sock.ev.on('messages.upsert', ({ messages }) => { if (messages[0].message?.conversation === '!accept') accept = true })`)
	ctx := context.Background()
	if err := w.srv.Phones.SendHistoryBootstrap(ctx, s.Status().Me.ID); err != nil {
		t.Fatal(err)
	}
	if line := w.waitLog(t, "HSM false"); !strings.Contains(line, `"syncType":0`) {
		t.Fatalf("shouldSyncHistoryMessage got %s, want the bootstrap's syncType 0", line)
	}
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, me, "!accept")
	w.waitLog(t, "GOT !accept")
	if err := w.srv.Phones.SendHistoryBootstrap(ctx, s.Status().Me.ID); err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, "HISTORY true 0")
	if n := w.env.Logs.Count("HISTORY "); n != 1 {
		t.Fatalf("%d messaging-history.set events, want only the accepted one", n)
	}
	w.settle(t, alice)
}

// TestCachedGroupMetadataAskedBeforeGroupSends: the function is awaited with the group's jid before
// a group send (and not before a send to a person); the members get the message.
func TestCachedGroupMetadataAskedBeforeGroupSends(t *testing.T) {
	w, _, me := optsWorld(t, "", `cachedGroupMetadata: async (jid) => { console.log('CGM ' + jid); return undefined }`,
		`  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    const text = messages[0].message?.conversation || ''
    if (type !== 'notify' || !text.startsWith('!group ')) return
    const g = await sock.groupCreate('opts', [text.slice(7)])
    console.log('GROUP ' + g.id)
    await sock.sendMessage(g.id, { text: 'to the group' })
  })`)
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	w.send(t, alice, me, alice.UserJID(), "direct")
	alice.SendText(t, me, "!group "+alice.UserJID().String())
	group := strings.TrimSpace(regexp.MustCompile(`GROUP (\S+@g\.us)`).FindStringSubmatch(w.waitLog(t, "GROUP "))[1])
	alice.WaitMessage(t, func(m *wmevents.Message) bool {
		return m.Info.Chat.String() == group && m.Message.GetExtendedTextMessage().GetText() == "to the group"
	})
	w.waitLog(t, "CGM "+group)
	if n := w.env.Logs.Count("CGM "); n != 1 {
		t.Fatalf("cachedGroupMetadata asked %d times, want once (for the group send only)", n)
	}
	w.settle(t, alice)
}

// TestMediaCacheReusesUploads: the same picture sent twice with a mediaCache is uploaded once (the
// contact gets the same media path and key twice, and can download the second), keyed by media type
// and content hash; without the cache every send uploads anew.
func TestMediaCacheReusesUploads(t *testing.T) {
	w, _, me := optsWorld(t, `const png = Buffer.from('`+pngBase64+`', 'base64')
const kept = new Map()
const media = {
  get: (k) => kept.get(k),
  set: (k, v) => { console.log('MSET ' + k + ' ' + Object.keys(v).sort().join(',')); kept.set(k, v) },
}`, `mediaCache: media`, `  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    const text = messages[0].message?.conversation || ''
    if (type !== 'notify' || !text.startsWith('!pic ')) return
    const [, to, caption] = text.split(' ')
    await sock.sendMessage(to, { image: png, caption })
    console.log('PIC ' + caption)
  })`)
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	var got []*wmevents.Message
	for _, caption := range []string{"one", "two"} {
		alice.SendText(t, me, "!pic "+alice.UserJID().String()+" "+caption)
		w.waitLog(t, "PIC "+caption)
		got = append(got, alice.WaitMessage(t, func(m *wmevents.Message) bool {
			return m.Message.GetImageMessage().GetCaption() == caption
		}))
	}
	first, second := got[0].Message.GetImageMessage(), got[1].Message.GetImageMessage()
	if first.GetDirectPath() == "" || first.GetDirectPath() != second.GetDirectPath() || string(first.GetMediaKey()) != string(second.GetMediaKey()) {
		t.Fatalf("the second send did not reuse the upload: %q / %q", first.GetDirectPath(), second.GetDirectPath())
	}
	if n := w.env.Logs.Count("MSET image:"); n != 1 {
		t.Fatalf("%d uploads kept in the cache, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if data, err := alice.WA.Download(ctx, second); err != nil || string(data) != mustPNG(t) {
		t.Fatalf("downloading the reused upload: %d bytes, %v", len(data), err)
	}
	w.settle(t, alice)
}

// TestMessagePathOptionsValidated: a wrong type for a message-path option is a TypeError naming it,
// thrown by makeWASocket (and the socket already made keeps working).
func TestMessagePathOptionsValidated(t *testing.T) {
	w, _, me := optsWorld(t, "", "", `  for (const bad of [{ getMessage: 5 }, { patchMessageBeforeSending: 'x' }, { shouldIgnoreJid: true },
    { maxMsgRetryCount: -1 }, { retryRequestDelayMs: 'soon' }, { retryRequestDelayMs: 3600000 }, { mediaCache: {} }, { msgRetryCounterCache: null }]) {
    try { makeWASocket({ auth: state, ...bad }); console.log('ACCEPTED ' + Object.keys(bad)[0]) }
    catch (e) { console.log('BAD ' + e.name + ' ' + e.message) }
  }`)
	for _, opt := range []string{"getMessage", "patchMessageBeforeSending", "shouldIgnoreJid", "maxMsgRetryCount", "retryRequestDelayMs", "mediaCache", "msgRetryCounterCache"} {
		w.waitLog(t, "BAD TypeError makeWASocket: config."+opt+" must be")
	}
	if n := w.env.Logs.Count("BAD TypeError makeWASocket: config.retryRequestDelayMs must be a number from 0 to 60000"); n != 2 {
		t.Fatalf("%d retryRequestDelayMs errors, want 2 (not a number, above a minute)", n)
	}
	if n := w.env.Logs.Count("ACCEPTED "); n != 0 {
		t.Fatalf("%d bad options accepted", n)
	}
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	w.send(t, alice, me, alice.UserJID(), "still here")
	alice.WaitMessage(t, testkit.Text("still here"))
	w.settle(t, alice)
}

// TestGetMessageFollowsHotReload: after a hot reload the new generation's getMessage answers
// retries; the stopped generation's is never called again, and nothing is left running.
func TestGetMessageFollowsHotReload(t *testing.T) {
	runtimetest.NoLeaks(t)
	gen := func(name string) string {
		return optsBot("", `getMessage: async (key) => { console.log('GETMESSAGE `+name+` ' + key.id); return { conversation: 'from `+name+`' } }`,
			`  console.log('SOCKET `+name+`')`)
	}
	w := startWorld(t, map[string]string{"bot.js": gen("gen1")}, true)
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	me := s.Status().Me.ID.ToNonAD()

	w.env.WriteAtomic("bot.js", gen("gen2"))
	w.waitLog(t, "SOCKET gen2")
	alice, bob, id := retryScene(t, w, s, me, "original", nil)
	got := alice.WaitMessage(t, func(m *wmevents.Message) bool { return m.Info.ID == id })
	if text := got.Message.GetConversation(); text != "from gen2" {
		t.Fatalf("after the reload the contact got %v, want the new generation's getMessage content", got.Message)
	}
	if n := w.env.Logs.Count("GETMESSAGE gen1"); n != 0 {
		t.Fatalf("the stopped generation's getMessage was called %d times", n)
	}
	w.settle(t, alice, bob)
}
