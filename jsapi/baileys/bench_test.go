package baileys_test

import (
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

const echoBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (m.key.fromMe || !m.message?.conversation) continue
      await sock.sendMessage(m.key.remoteJid, { text: 'echo ' + m.message.conversation })
    }
  })
})()
`

func echoWorld(b *testing.B) (*testkit.Client, func(string)) {
	w := newWorld(b, map[string]string{"bot.js": echoBot})
	w.env.Logs.Quiet()
	s := w.session(b, "auth_info")
	w.link(b, s, "Bot")
	w.waitLog(b, "OPEN")
	alice := testkit.NewClient(b, w.srv, testkit.Name("Alice"))
	me := s.Status().Me.ID.ToNonAD()
	// One round trip first, so both Signal sessions exist before timing.
	alice.SendText(b, me, "warm")
	alice.WaitMessage(b, testkit.Text("echo warm"))
	return alice, func(text string) { alice.SendText(b, me, text) }
}

// BenchmarkEchoRoundTrip is one person's message to the bot and its answer
// back, one at a time: simulator, whatsmeow on both sides, the queue, the
// bot's handler and sendMessage.
func BenchmarkEchoRoundTrip(b *testing.B) {
	alice, send := echoWorld(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := fmt.Sprint(i)
		send(text)
		alice.WaitMessage(b, testkit.Text("echo "+text))
	}
}

// BenchmarkEchoThroughput sends b.N messages without waiting and then waits
// for every answer: messages per second through an echo bot.
func BenchmarkEchoThroughput(b *testing.B) {
	alice, send := echoWorld(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		send(fmt.Sprint(i))
	}
	got := 0
	testkit.WaitFor(b, alice, func(e *events.Message) bool {
		if t := e.Message.GetExtendedTextMessage().GetText(); t != "" && t != "echo warm" {
			got++
		}
		return got == b.N
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}
