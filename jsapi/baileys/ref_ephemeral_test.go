package baileys_test

import (
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestGroupToggleEphemeral: groupToggleEphemeral sets a group's disappearing-messages timer, a member
// sees it turned on and off, and a timer the server does not offer or a bad argument is a 400.
func TestGroupToggleEphemeral(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!timer') {
    const g = await sock.groupCreate('Timers', [jid])
    console.log('GROUP ' + g.id)
    await step('day', () => sock.groupToggleEphemeral(g.id, 86400))
    await step('dayRead', () => sock.groupMetadata(g.id).then((md) => md.ephemeralDuration))
    await step('off', () => sock.groupToggleEphemeral(g.id, 0))
    await step('odd', () => sock.groupToggleEphemeral(g.id, 12345))
    await step('text', () => sock.groupToggleEphemeral(g.id, 'week'))
  }
`, nil)
	w.command(t, alice, me, "!timer")
	line := w.waitLog(t, "GROUP ")
	gid, err := types.ParseJID(strings.Fields(line[strings.Index(line, "GROUP ")+6:])[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"R day null", "R dayRead 86400", "R off null", "E odd 400 ", "E text 400 ephemeralExpiration"} {
		w.waitLog(t, want)
	}
	timer := func(on bool, secs uint32) {
		t.Helper()
		testkit.WaitFor(t, alice, func(e *events.GroupInfo) bool {
			return e.JID == gid && e.Ephemeral != nil && e.Ephemeral.IsEphemeral == on && e.Ephemeral.DisappearingTimer == secs
		})
	}
	timer(true, 86400)
	timer(false, 0)
	w.settle(t, alice)
}
