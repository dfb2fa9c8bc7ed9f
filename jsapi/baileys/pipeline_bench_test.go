package baileys_test

import (
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// slowBot stands for a bot whose handler awaits something other than
// WhatsApp (a database, an HTTP API) for 20 ms before it answers.
const slowBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (m.key.fromMe || !m.message?.conversation) continue
      await new Promise((resolve) => setTimeout(resolve, 20))
      await sock.sendMessage(m.key.remoteJid, { text: 'slow ' + m.message.conversation })
    }
  })
})()
`

// BenchmarkSlowHandlerThroughput sends b.N messages at once to slowBot and
// waits for every answer: with deliveries handled one after another it
// cannot pass 50 msgs/s; pipelined deliveries overlap the waits.
func BenchmarkSlowHandlerThroughput(b *testing.B) {
	w := newWorld(b, map[string]string{"bot.js": slowBot})
	w.env.Logs.Quiet()
	s := w.session(b, "auth_info")
	w.link(b, s, "Bot")
	w.waitLog(b, "OPEN")
	alice := testkit.NewClient(b, w.srv, testkit.Name("Alice"))
	me := s.Status().Me.ID.ToNonAD()
	alice.SendText(b, me, "warm") // both Signal sessions exist before timing
	alice.WaitMessage(b, testkit.Text("slow warm"))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		alice.SendText(b, me, fmt.Sprint(i))
	}
	got := 0
	testkit.WaitFor(b, alice, func(e *events.Message) bool {
		if t := e.Message.GetExtendedTextMessage().GetText(); t != "" && t != "slow warm" {
			got++
		}
		return got == b.N
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}
