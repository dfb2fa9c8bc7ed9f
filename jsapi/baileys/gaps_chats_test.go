package baileys_test

import (
	"testing"
	"time"

	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestChatModifyMarkRead: chatModify({ markRead }) marks a chat unread and then read again, and the
// account's other device sees both (whatsmeow's MarkChatAsRead events).
func TestChatModifyMarkRead(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const last = [{ key: m.key, messageTimestamp: m.messageTimestamp }]
  await step(cmd, () => sock.chatModify({ markRead: cmd === '!read', lastMessages: last }, jid))
`, nil)
	second := w.secondDevice(t, me)

	aj := alice.UserJID()
	since := time.Now().Truncate(time.Millisecond)
	w.command(t, alice, me, "!unread")
	w.waitLog(t, "R !unread null")
	testkit.WaitFor(t, second, func(e *wmevents.MarkChatAsRead) bool {
		return e.JID == aj && !e.Action.GetRead() && !e.Timestamp.Before(since)
	})
	w.command(t, alice, me, "!read")
	w.waitLog(t, "R !read null")
	testkit.WaitFor(t, second, func(e *wmevents.MarkChatAsRead) bool {
		return e.JID == aj && e.Action.GetRead() && !e.Timestamp.Before(since)
	})
	w.settle(t, alice, second)
}
