package baileys_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// refBot is a Baileys-style bot that runs body (a function of sock, the
// trigger message m, its chat jid and the command cmd) when a person sends a
// text starting with "!" (cmd is that text); the body logs each step as
// "R <name> <json>" or "E <name> <status> <message>" via step(), and the bot
// logs "DONE <cmd>" when the body has finished. setup runs once with sock
// in scope, right after the socket is made (event listeners).
func refBot(body string, setup ...string) string {
	return `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
async function step(name, fn) {
  try {
    const r = await fn()
    console.log('R ' + name + ' ' + JSON.stringify(r === undefined ? null : r))
    return r
  } catch (e) {
    console.log('E ' + name + ' ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
  }
}
async function run(sock, m, jid, cmd) {
` + body + `
}
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
` + strings.Join(setup, "\n") + `
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) if (type === 'notify' && !m.key.fromMe && m.message?.conversation?.startsWith('!')) {
      await run(sock, m, m.key.remoteJid, m.message.conversation)
      console.log('DONE ' + m.message.conversation)
    }
  })
}
start()
`
}

// refRun starts a world running refBot(body, setup...) with files, links it
// as a new account, has a person (returned) send "!run" and waits until the
// body has finished.
func refRun(t *testing.T, body string, files map[string]string, setup ...string) (*world, *testkit.Client, string) {
	t.Helper()
	return refRunAs(t, "", body, files, setup...)
}

// refRunAs is refRun with the bot linked to a business account created with
// the number phone; empty links a new personal account.
func refRunAs(t *testing.T, phone, body string, files map[string]string, setup ...string) (*world, *testkit.Client, string) {
	t.Helper()
	if files == nil {
		files = map[string]string{}
	}
	files["bot.js"] = refBot(body, setup...)
	w := newWorld(t, files)
	s := w.session(t, "auth_info")
	if phone == "" {
		w.link(t, s, "Bot")
	} else {
		if _, err := w.srv.Server.Accounts().CreateAccount(accounts.NewAccount{Phone: phone, Name: "Shop", Business: true}); err != nil {
			t.Fatal(err)
		}
		runtimetest.Eventually(t, testkit.Timeout, func() bool { return s.Status().QR != "" }, "a QR code")
		ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
		defer cancel()
		if _, err := w.srv.Pairer.Link(ctx, s.Status().QR, auth.LinkOptions{Phone: phone}); err != nil {
			t.Fatalf("link: %v", err)
		}
	}
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "!run")
	w.waitLog(t, "DONE !run")
	return w, alice, s.Status().Me.ID.ToNonAD().String()
}

// command has the person send cmd to the bot and waits until it is done.
func (w *world) command(t *testing.T, from *testkit.Client, me, cmd string) {
	t.Helper()
	to := botJID(t, me)
	from.SendText(t, to, cmd)
	w.waitLog(t, "DONE "+cmd)
}

// settle waits until the bot and the given clients acknowledged everything
// they were sent (closing during a receipt races inside whatsmeow).
func (w *world) settle(t *testing.T, clients ...*testkit.Client) {
	t.Helper()
	s := w.session(t, "auth_info")
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		n, err := w.srv.Server.PendingCount(s.Status().Me.ID)
		return err == nil && n == 0
	}, "the bot acknowledged everything")
	testkit.WaitAcked(t, w.srv, clients...)
}

// enableAppState has the bot's phone share the account's app-state key and
// waits until the bot's session stored it (chatModify, updateProfileName).
func (w *world) enableAppState(t *testing.T) {
	t.Helper()
	s := w.session(t, "auth_info")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if err := w.srv.Phones.ShareAppStateKey(ctx, s.Status().Me.ID); err != nil {
		t.Fatalf("share app state key: %v", err)
	}
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var id []byte
		err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
			var err error
			id, err = cli.Store.AppStateKeys.GetLatestAppStateSyncKeyID(ctx)
			return err
		})
		return err == nil && id != nil
	}, "the bot stored the app state key")
}

// botJID is the bot's account jid me as refRun gives it.
func botJID(t *testing.T, me string) types.JID {
	t.Helper()
	bot, err := types.ParseJID(me)
	if err != nil {
		t.Fatalf("bot jid %q: %v", me, err)
	}
	return bot
}

// secondDevice links another whatsmeow device to the bot's account me with
// app state on, and waits until both devices made their first sync of every
// collection, as linked devices have before anyone changes anything (a
// device still making it takes later changes into it, without events).
func (w *world) secondDevice(t *testing.T, me string) *testkit.Client {
	t.Helper()
	w.enableAppState(t)
	second := testkit.NewClient(t, w.srv, testkit.Phone(botJID(t, me).User))
	second.EnableAppState(t)
	w.waitAppStateSynced(t)
	return second
}

// mustPNG is the 1x1 PNG of the methods test, as file content.
func mustPNG(t *testing.T) string {
	t.Helper()
	pic, err := base64.StdEncoding.DecodeString(pngBase64)
	if err != nil {
		t.Fatal(err)
	}
	return string(pic)
}
