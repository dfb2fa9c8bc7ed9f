package baileys_test

import (
	"fmt"
	"testing"

	"github.com/botrt/botrt/sim/testkit"
)

// benchSend times a person asking the bot (optsBot with config) to send them a text and the text
// arriving, suffixed by what the config's patch appends: simulator, whatsmeow on both sides, the
// queue, the handler and sendMessage.
func benchSend(b *testing.B, config, suffix string) {
	w := startWorld(b, map[string]string{"bot.js": optsBot("", config, "")}, false)
	w.env.Logs.Quiet()
	s := w.session(b, "auth_info")
	w.link(b, s, "Bot")
	w.waitLog(b, "OPEN")
	me := s.Status().Me.ID.ToNonAD()
	alice := testkit.NewClient(b, w.srv, testkit.Name("Alice"))
	ask := func(text string) {
		alice.SendText(b, me, "!send "+alice.UserJID().String()+" "+text)
		alice.WaitMessage(b, testkit.Text(text+suffix))
	}
	ask("warm")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ask(fmt.Sprint("m", i))
	}
	b.StopTimer()
	testkit.WaitAcked(b, w.srv, alice)
}

// BenchmarkSendPlain is the round trip without message-path options.
func BenchmarkSendPlain(b *testing.B) { benchSend(b, "", "") }

// BenchmarkSendHooked adds patchMessageBeforeSending (one call into the bot's loop per send, with
// the recipient's devices) and a shouldIgnoreJid filter on every event.
func BenchmarkSendHooked(b *testing.B) {
	benchSend(b, `patchMessageBeforeSending: (msg) => ({ ...msg, extendedTextMessage: { ...msg.extendedTextMessage, text: msg.extendedTextMessage.text + ' (p)' } }),
  shouldIgnoreJid: (jid) => jid.endsWith('@broadcast')`, " (p)")
}
