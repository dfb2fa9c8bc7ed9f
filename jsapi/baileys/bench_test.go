package baileys_test

import (
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// replyBot is a bot that answers every text with prefix+" "+text after
// running the JS statement wait (empty for none) inside its handler.
func replyBot(prefix, wait string) string {
	return `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (m.key.fromMe || !m.message?.conversation) continue
      ` + wait + `
      await sock.sendMessage(m.key.remoteJid, { text: '` + prefix + ` ' + m.message.conversation })
    }
  })
})()
`
}

// replyWorld links a replyBot and has Alice finish one round trip with it,
// so both Signal sessions exist before timing; send sends Alice's text.
func replyWorld(b *testing.B, prefix, wait string) (alice *testkit.Client, send func(string)) {
	w := newWorld(b, map[string]string{"bot.js": replyBot(prefix, wait)})
	w.env.Logs.Quiet()
	s := w.session(b, "auth_info")
	w.link(b, s, "Bot")
	w.waitLog(b, "OPEN")
	alice = testkit.NewClient(b, w.srv, testkit.Name("Alice"))
	me := s.Status().Me.ID.ToNonAD()
	alice.SendText(b, me, "warm")
	alice.WaitMessage(b, testkit.Text(prefix+" warm"))
	return alice, func(text string) { alice.SendText(b, me, text) }
}

// throughput sends b.N texts without waiting, waits for every answer and
// reports messages per second.
func throughput(b *testing.B, alice *testkit.Client, send func(string), prefix string) {
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		send(fmt.Sprint(i))
	}
	got := 0
	testkit.WaitFor(b, alice, func(e *events.Message) bool {
		if t := e.Message.GetExtendedTextMessage().GetText(); t != "" && t != prefix+" warm" {
			got++
		}
		return got == b.N
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// BenchmarkEchoRoundTrip is one person's message to the bot and its answer
// back, one at a time: simulator, whatsmeow on both sides, the queue, the
// bot's handler and sendMessage.
func BenchmarkEchoRoundTrip(b *testing.B) {
	alice, send := replyWorld(b, "echo", "")
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
	alice, send := replyWorld(b, "echo", "")
	throughput(b, alice, send, "echo")
}
