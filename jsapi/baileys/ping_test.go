package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// pingBot is written the way the corpus' bots are: CJS, useMultiFileAuthState,
// a reconnect loop in connection.update, and a messages.upsert handler.
const pingBot = `
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason, Browsers } = require('@whiskeysockets/baileys')
const pino = require('pino')
let socks = 0
async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('./auth_info')
  const sock = makeWASocket({ auth: state, logger: pino({ level: 'silent' }), browser: Browsers.ubuntu('Chrome'), printQRInTerminal: false })
  socks++
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', (u) => {
    console.log('CONN ' + JSON.stringify(u))
    const { connection, lastDisconnect } = u
    if (connection === 'close') {
      const code = lastDisconnect?.error?.output?.statusCode
      console.log('CLOSED ' + code + ' boom=' + lastDisconnect.error.isBoom)
      if (code !== DisconnectReason.loggedOut) start()
    } else if (connection === 'open') {
      console.log('OPEN socks=' + socks + ' user=' + sock.user.id)
    }
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    console.log('UPSERT ' + JSON.stringify({ messages, type }))
    if (type !== 'notify') return
    for (const m of messages) {
      if (!m.message || m.key.fromMe) continue
      const text = m.message.conversation || m.message.extendedTextMessage?.text || ''
      if (text === '!restart') start() // what a reconnect loop does: a new socket for the same auth
      if (text === '!ping') {
        const sent = await sock.sendMessage(m.key.remoteJid, { text: 'pong' }, { quoted: m })
        console.log('SENT ' + JSON.stringify(sent))
      }
    }
  })
}
start()
`

func TestPingPongQuoted(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": pingBot})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN socks=1 user=")
	me := s.Status().Me.ID
	connects := w.connects(s)

	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, me.ToNonAD(), "!restart")
	w.waitLog(t, "OPEN socks=2 user="+me.String())
	resp := alice.SendText(t, me.ToNonAD(), "!ping")
	got := alice.WaitMessage(t, testkit.Text("pong"))
	ci := got.Message.GetExtendedTextMessage().GetContextInfo()
	if ci.GetStanzaID() != resp.ID || ci.GetQuotedMessage().GetConversation() != "!ping" || ci.GetParticipant() != alice.UserJID().String() {
		t.Fatalf("pong does not quote the ping: %v", ci)
	}
	if n := w.connects(s); n != connects {
		t.Fatalf("the simulator saw %d connects of the bot's device, %d before the second makeWASocket: it must attach, not reconnect", n, connects)
	}
	w.waitLog(t, "SENT ")
	if n := w.env.Logs.Count("SENT "); n != 1 {
		t.Fatalf("%d pongs sent: the first socket must be silenced by the second", n)
	}
	t.Log(w.waitLog(t, "UPSERT", `"type":"notify"`, "!ping"))
	t.Log(w.waitLog(t, "SENT "))
}
