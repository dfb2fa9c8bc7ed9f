package baileys_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// connBot reports its socket's connection and properties, and on commands from a person ends
// the socket with a Boom of its own, then reconnects it with connect() once the test writes go.txt.
const connBot = `
const { default: makeWASocket, useMultiFileAuthState, Browsers } = require('@whiskeysockets/baileys')
const { Boom } = require('@hapi/boom')
const fs = require('fs')
const bye = new Boom('bye for now', { statusCode: 418 })
async function start(options) {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, browser: Browsers.macOS('Safari'), syncFullHistory: true, printQRInTerminal: true, connectTimeoutMs: 15000, ...options })
  console.log('CONFIG ' + (sock.config === sock.ws.config) + ' ' + sock.config.connectTimeoutMs + ' ' + sock.config.browser.join('/') + ' ' + sock.config.keepAliveIntervalMs + ' ' + sock.config.markOnlineOnConnect + ' ' + (sock.authState === state) + ' ' + (typeof sock.ev.on))
  sock.ev.on('connection.update', (u) => {
    if (u.connection === 'open') console.log('OPEN ' + sock.user.id)
    if (u.connection === 'close') console.log('CLOSE ' + u.lastDisconnect.error.output.statusCode + ' ' + u.lastDisconnect.error.message + ' ' + (u.lastDisconnect.date instanceof Date) + ' ' + (u.lastDisconnect.error === bye))
    if (u.isOnline !== undefined) console.log('ISONLINE ' + u.isOnline + ' ' + sock.isOnline)
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) {
      if (type !== 'notify' || m.key.fromMe) continue
      const text = m.message.conversation
      if (text === '!name') { await sock.updateProfileName('Bot'); console.log('NAMED') }
      if (text === '!count') await sock.sendMessage(m.key.remoteJid, { text: 'count ' + sock.msgCount })
      if (text === '!end') {
        await sock.end(bye)
        console.log('ENDED ' + sock.ws.isClosed + ' ' + sock.isOnline)
        const wait = setInterval(async () => {
          if (!fs.existsSync('./go.txt')) return
          clearInterval(wait)
          await Promise.all([sock.connect(), sock.connect()])
          console.log('CONNECTED ' + sock.ws.isOpen)
          await sock.connect()
          console.log('CONNECTED AGAIN')
        }, 20)
      }
      if (text === '!quiet') { await sock.end(); start({ markOnlineOnConnect: false }) }
      if (text === '!logout') {
        await sock.logout()
        try { await sock.connect() } catch (e) { console.log('CONNECT AFTER LOGOUT ' + e.output.statusCode + ' ' + e.message) }
      }
    }
  })
}
start()
`

// The socket's properties, end(error) and connect(), and the browser, syncFullHistory,
// printQRInTerminal and markOnlineOnConnect (true and false) options, against the simulator with a
// person and a contact watching.
func TestSocketConnectionLifecycle(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": connBot})
	w.waitLog(t, "CONFIG true 15000 Mac OS/Safari/14.4.1 30000 true true function")
	s := w.session(t, "auth_info")
	w.waitLog(t, "▀") // printQRInTerminal drew the code
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN "+s.Status().Me.ID.String())
	me := s.Status().Me.ID.ToNonAD()
	if dev := w.srv.Device(t, s.Status().Me.ID); dev.Platform != "Safari (Mac OS)" || !dev.FullSync {
		t.Fatalf("the phone lists the bot as %+v", dev)
	}

	// msgCount: the command and the reply are the first two messages of this socket.
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, me, "!count")
	alice.WaitMessage(t, testkit.Text("count 1"))
	alice.SendText(t, me, "!count")
	alice.WaitMessage(t, testkit.Text("count 3"))

	// A contact watches the bot's presence; no push name yet, so the bot could not announce itself.
	bob := testkit.NewClient(t, w.srv, testkit.Name("Bob"))
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if err := bob.WA.SubscribePresence(ctx, me); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, bob, func(p *events.Presence) bool { return p.From == me && p.Unavailable })

	// The simulator's phone syncs no push name: the bot sets one through app state, so that
	// markOnlineOnConnect can announce it on the next connection.
	w.enableAppState(t)
	alice.SendText(t, me, "!name")
	w.waitLog(t, "NAMED") // whatsmeow writes the name unlocked: read it only after the call returned
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var name string
		_ = s.Do(ctx, func(_ context.Context, cli *whatsmeow.Client) error { name = cli.Store.PushName; return nil })
		return name == "Bot"
	}, "the session's push name is Bot")

	w.settle(t, alice, bob)
	connects := w.connects(s)
	alice.SendText(t, me, "!end")
	w.waitLog(t, "CLOSE 418 bye for now true true")
	w.waitLog(t, "ENDED true false")
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return !w.srv.Server.Connected(s.Status().Me.ID) }, "the simulator saw the bot leave")
	if st := s.Status().State; st != protocol.StateClosed {
		t.Fatalf("after end(): %s, want no reconnect", st)
	}
	w.env.Write("go.txt", "go")
	w.waitLog(t, "CONNECTED true")
	w.waitLog(t, "CONNECTED AGAIN")
	w.waitLog(t, "ISONLINE true true")
	testkit.WaitFor(t, bob, func(p *events.Presence) bool { return p.From == me && !p.Unavailable })
	if n := w.connects(s); n != connects+1 {
		t.Fatalf("connects %d after connect() twice and once more, want %d", n, connects+1)
	}

	// A new socket with markOnlineOnConnect: false announces the account unavailable on open.
	alice.SendText(t, me, "!quiet")
	w.waitLog(t, "ISONLINE false false")
	testkit.WaitFor(t, bob, func(p *events.Presence) bool { return p.From == me && p.Unavailable })

	alice.SendText(t, me, "!logout")
	w.waitLog(t, "CONNECT AFTER LOGOUT 401")
	if n := w.env.Logs.Count("CLOSE 401 Intentional Logout true false"); n != 1 {
		t.Fatalf("logout closes: %d", n)
	}
}
