package baileys_test

import (
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

const hangBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN NAME') })
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    const m = messages[0]
    if (type !== 'notify' || m.key.fromMe) return
    console.log('NAME GOT ' + m.message.conversation)
    if (m.message.conversation === 'hang') return new Promise(() => {})
  })
})()
`

// A handler that never settles holds the bot's inbox only for the budget.
func TestHandlerBudget(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := startWorld(t, map[string]string{"bot.js": strings.ReplaceAll(hangBot, "NAME", "a")}, false,
		func(c *baileys.Config) { c.HandlerBudget = 200 * time.Millisecond })
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN a")
	alice := testkit.NewClient(t, w.srv)
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "hang")
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "after")
	w.waitLog(t, "a GOT after")
	w.waitLog(t, "handlers did not settle within the budget")
}

// Two bots on one auth share the session: one connection, and each bot gets
// every message through its own cursor.
func TestTwoBotsShareASession(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{
		"a.js": strings.ReplaceAll(hangBot, "NAME", "a"),
		"b.js": strings.ReplaceAll(hangBot, "NAME", "b"),
	})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN a")
	w.waitLog(t, "OPEN b")
	connects := w.connects(s)
	alice := testkit.NewClient(t, w.srv)
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "hello")
	w.waitLog(t, "a GOT hello")
	w.waitLog(t, "b GOT hello")
	if n := w.connects(s); n != connects {
		t.Fatalf("connects went from %d to %d", connects, n)
	}
}
