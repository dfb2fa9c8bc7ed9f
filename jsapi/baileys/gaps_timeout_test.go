package baileys_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestQueryTimeout: a query the server never answers rejects with Boom 408 once the socket's
// defaultQueryTimeoutMs ran out (not before), and the socket keeps working: the same query is
// answered (404, the person has no picture) once the server answers again.
func TestQueryTimeout(t *testing.T) {
	runtimetest.NoLeaks(t)
	bot := strings.Replace(refBot(`
  if (cmd === '!run') return
  const start = Date.now()
  await step('picture', () => sock.profilePictureUrl(jid, 'image'))
  console.log('ELAPSED ' + (Date.now() - start))
`), "makeWASocket({ auth: state })", "makeWASocket({ auth: state, defaultQueryTimeoutMs: 1500 })", 1)
	if !strings.Contains(bot, "defaultQueryTimeoutMs: 1500") {
		t.Fatal("refBot no longer makes its socket with makeWASocket({ auth: state })")
	}
	w := newWorld(t, map[string]string{"bot.js": bot})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	me := s.Status().Me.ID.ToNonAD().String()

	release := w.srv.Server.WithholdIQ("w:profile:picture")
	w.command(t, alice, me, "!slow")
	w.waitLog(t, "E picture 408 Timed Out")
	line := w.waitLog(t, "ELAPSED ")
	ms, err := strconv.Atoi(strings.Fields(line[strings.LastIndex(line, "ELAPSED ")+len("ELAPSED "):])[0])
	if err != nil {
		t.Fatalf("elapsed in %q: %v", line, err)
	}
	if time.Duration(ms)*time.Millisecond < 1500*time.Millisecond {
		t.Fatalf("the query rejected after %d ms, before defaultQueryTimeoutMs (1500)", ms)
	}

	release()
	w.command(t, alice, me, "!again")
	w.waitLog(t, "E picture 404 ")
	w.settle(t, alice)
}
