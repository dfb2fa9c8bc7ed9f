package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// lifecycleBot exercises ev (process, once, off) and the socket's end and
// logout, reconnecting after end as a reconnect loop does.
const lifecycleBot = `
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
let n = 0
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, emitOwnEvents: false })
  const gen = ++n
  const never = () => console.log('OFF-LISTENER-CALLED')
  sock.ev.on('messages.upsert', never)
  sock.ev.off('messages.upsert', never)
  sock.ev.on('messages.upsert', () => { throw new Error('thrown-in-handler') })
  sock.ev.on('messages.upsert', async () => { throw new Error('rejected-in-handler') })
  sock.ev.once('messages.upsert', ({ type }) => console.log('ONCE ' + gen + ' ' + type))
  const stop = sock.ev.process((batch) => { if (batch['messages.upsert']) console.log('PROC ' + gen + ' ' + Object.keys(batch).join(',')) })
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'open') console.log('OPEN ' + gen + ' ' + sock.ws.readyState + ' ' + (sock.ws.readyState === sock.ws.OPEN))
    if (connection === 'close') {
      const code = lastDisconnect.error.output.statusCode
      console.log('CLOSE ' + gen + ' ' + code)
      if (code !== DisconnectReason.loggedOut) start()
    }
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) {
      console.log('UPSERT ' + gen + ' ' + type + ' ' + m.key.fromMe)
      if (type !== 'notify' || m.key.fromMe) continue
      const text = m.message.conversation
      if (text === '!stop') { stop(); await sock.sendMessage(m.key.remoteJid, { text: 'stopped' }) }
      if (text === '!end') await sock.end(undefined)
      if (text === '!bye') { await sock.sendMessage(m.key.remoteJid, { text: 'bye' }); await sock.logout() }
    }
  })
}
start()
`

func TestEventsEndAndLogout(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": lifecycleBot})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN 1 1 true")
	me := s.Status().Me.ID.ToNonAD()
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))

	alice.SendText(t, me, "!stop")
	alice.WaitMessage(t, testkit.Text("stopped"))
	w.waitLog(t, "ONCE 1 notify")
	w.waitLog(t, "PROC 1 messages.upsert,contacts.update,chats.update")
	// A throwing or rejecting listener is logged; the others still run.
	w.waitLog(t, "event handler failed", "thrown-in-handler")
	w.waitLog(t, "event handler failed", "rejected-in-handler")
	connects := w.connects(s)

	alice.SendText(t, me, "!end")
	w.waitLog(t, "CLOSE 1 428")
	w.waitLog(t, "OPEN 2 1 true")
	if n := w.connects(s); n != connects+1 {
		t.Fatalf("connects %d after end and a new makeWASocket, want %d", n, connects+1)
	}
	alice.SendText(t, me, "!bye")
	alice.WaitMessage(t, testkit.Text("bye"))
	w.waitLog(t, "CLOSE 2 401")
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return !s.Paired() }, "the session unpaired after logout")

	for _, bad := range []string{"OFF-LISTENER-CALLED", "ONCE 1 append", "UPSERT 1 append", "UPSERT 2 append"} {
		if n := w.env.Logs.Count(bad); n != 0 {
			t.Errorf("%q logged %d times", bad, n)
		}
	}
	if n := w.env.Logs.Count("PROC 1 "); n != 1 {
		t.Errorf("ev.process handler ran %d times, want 1 (it unsubscribed on the first message)", n)
	}
	if n := w.env.Logs.Count("ONCE 1 "); n != 1 {
		t.Errorf("once listener ran %d times", n)
	}
}
