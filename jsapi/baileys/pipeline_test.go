package baileys_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// relayBot's handler for "first" waits for a promise that only the handler
// for "second" resolves: it settles only if the second delivery reaches the
// script while the first is still in its handler, as on Node.
const relayBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
let release
const gate = new Promise((resolve) => { release = resolve })
;(async () => {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    const m = messages[0]
    if (type !== 'notify' || m.key.fromMe) return
    const text = m.message.conversation
    console.log('GOT ' + text)
    if (text === 'first') {
      await gate
      console.log('RELEASED first')
    }
    if (text === 'second') release()
  })
})()
`

// Handlers of consecutive deliveries overlap: the first one's handler waits
// on the second's, which must not deadlock (nor wait for the budget).
func TestHandlersOverlap(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := startWorld(t, map[string]string{"bot.js": relayBot}, false,
		func(c *baileys.Config) { c.HandlerBudget = time.Hour })
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv)
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "first")
	w.waitLog(t, "GOT first")
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "second")
	w.waitLog(t, "RELEASED first")
	if i, j := logIndex(w, "GOT first"), logIndex(w, "GOT second"); i > j {
		t.Fatalf("handlers started out of queue order: first at line %d, second at %d", i, j)
	}
}

// logIndex is the position of the first log line holding part (-1: none).
func logIndex(w *world, part string) int {
	for i, l := range w.env.Logs.Lines() {
		if strings.Contains(l, part) {
			return i
		}
	}
	return -1
}

// The cursor never passes a delivery whose handlers have not settled, and
// deliveries that settled behind it are marked: after a hot reload the new
// generation gets the unsettled delivery again, and neither those before it
// nor the settled ones after it.
func TestResumeAfterUnsettled(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := startWorld(t, map[string]string{"bot.js": stallBot("gen1", "text === 'one'")}, true,
		func(c *baileys.Config) { c.HandlerBudget = time.Hour })
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, `gen1 CONN {"connection":"open"}`)

	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	me := s.Status().Me.ID.ToNonAD()
	for _, text := range []string{"zero", "one", "two", "three"} {
		alice.SendText(t, me, text)
		// Delivered while "one" is still in its handler.
		w.waitLog(t, "gen1 GOT "+text)
	}
	waitResumeAtUnsettled(t, s, "bot", 2)

	w.env.WriteAtomic("bot.js", stallBot("gen2", "text === 'one'"))
	w.waitLog(t, `gen2 CONN {"connection":"open"}`)
	alice.WaitMessage(t, testkit.Text("seen one"))
	alice.SendText(t, me, "four")
	alice.WaitMessage(t, testkit.Text("seen four"))
	for text, want := range map[string]int{"zero": 0, "one": 1, "two": 0, "three": 0, "four": 1} {
		if n := w.env.Logs.Count("gen2 GOT " + text); n != want {
			t.Fatalf("gen2 got %s %d times, want %d", text, n, want)
		}
	}
	if n := w.env.Logs.Count("gen1 GOT four"); n != 0 {
		t.Fatalf("the old generation still receives events")
	}
}

// waitResumeAtUnsettled waits until consumer, were it to subscribe again,
// would first get a delivery to handle and then only deliveries marked
// handled, at least marked of them.
func waitResumeAtUnsettled(t *testing.T, s *protocol.Session, consumer string, marked int) {
	t.Helper()
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		// Reading what is stored takes milliseconds; the deadline ends the
		// read once nothing more is stored.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		sub, err := s.Subscribe(ctx, consumer, store.JoinOldest)
		if err != nil {
			t.Fatal(err)
		}
		if d, err := sub.Next(ctx); err != nil || d.Handled {
			return false
		}
		handled := 0
		for {
			d, err := sub.Next(ctx)
			if err != nil {
				return handled >= marked
			}
			if !d.Handled {
				return false
			}
			handled++
		}
	}, "%s resuming at an unsettled delivery followed by %d handled ones", consumer, marked)
}
