package baileys_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// reloadBot's messages.upsert handler never settles in generation 1, so the
// delivery is not done when the file changes: generation 2 must get it again.
const reloadBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
const GEN = 'GENERATION'
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', (u) => console.log(GEN + ' CONN ' + JSON.stringify(u)))
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    const m = messages[0]
    if (type !== 'notify' || m.key.fromMe) return
    console.log(GEN + ' GOT ' + m.message.conversation)
    if (GEN === 'gen1') return new Promise(() => {})
    return sock.sendMessage(m.key.remoteJid, { text: 'seen ' + m.message.conversation })
  })
})()
`

func TestHotReloadAttachesAndReplays(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := startWorld(t, map[string]string{"bot.js": strings.Replace(reloadBot, "GENERATION", "gen1", 1)}, true)
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, `gen1 CONN {"connection":"open"}`)
	connects := w.connects(s)

	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "one")
	w.waitLog(t, "gen1 GOT one")

	w.env.WriteAtomic("bot.js", strings.Replace(reloadBot, "GENERATION", "gen2", 1))
	// The new generation attaches to the live session and hears it is open...
	w.waitLog(t, `gen2 CONN {"connection":"open"}`)
	// ...and gets the message whose handler had not settled, then answers it.
	w.waitLog(t, "gen2 GOT one")
	alice.WaitMessage(t, testkit.Text("seen one"))
	if n := w.connects(s); n != connects {
		t.Fatalf("%d connects after the reload, %d before: a reload must not reconnect", n, connects)
	}
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "two")
	alice.WaitMessage(t, testkit.Text("seen two"))
	if n := w.env.Logs.Count("gen1 GOT two"); n != 0 {
		t.Fatalf("the old generation still receives events")
	}
}
