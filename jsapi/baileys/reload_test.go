package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// stallBot is generation gen ("gen1", "gen2") of a bot that logs every text
// it gets; in gen1 its messages.upsert handler never settles for the texts
// the JS condition stall (over text) holds for and settles at once for the
// others, and gen2 answers every text with "seen "+text.
func stallBot(gen, stall string) string {
	return `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
const GEN = '` + gen + `'
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', (u) => console.log(GEN + ' CONN ' + JSON.stringify(u)))
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    const m = messages[0]
    if (type !== 'notify' || m.key.fromMe) return
    const text = m.message.conversation
    console.log(GEN + ' GOT ' + text)
    if (GEN === 'gen1') return (` + stall + `) ? new Promise(() => {}) : undefined
    return sock.sendMessage(m.key.remoteJid, { text: 'seen ' + text })
  })
})()
`
}

func TestHotReloadAttachesAndReplays(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := startWorld(t, map[string]string{"bot.js": stallBot("gen1", "true")}, true)
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, `gen1 CONN {"connection":"open"}`)
	connects := w.connects(s)

	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "one")
	w.waitLog(t, "gen1 GOT one")

	w.env.WriteAtomic("bot.js", stallBot("gen2", "true"))
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
