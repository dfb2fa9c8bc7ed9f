package baileys_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestPayloadShapes asserts connection.update's sequence for a fresh pairing
// and a notify messages.upsert exactly as a script serialises them.
func TestPayloadShapes(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": pingBot})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN socks=1 user=")

	var conns []string
	qr := regexp.MustCompile(`"qr":"[^"]+"`)
	for _, l := range w.env.Logs.Lines() {
		if i := strings.Index(l, "CONN "); i >= 0 {
			conns = append(conns, qr.ReplaceAllString(strings.Fields(l[i+5:])[0], `"qr":"QR"`))
		}
	}
	want := []string{
		`{"connection":"connecting","receivedPendingNotifications":false}`,
		`{"qr":"QR"}`,
		`{"isNewLogin":true}`,
		`{"receivedPendingNotifications":true}`,
		`{"connection":"open"}`,
	}
	// Baileys too emits the last two in either order, as the server's timing has it.
	if len(conns) == len(want) && conns[3] == want[4] && conns[4] == want[3] {
		conns[3], conns[4] = conns[4], conns[3]
	}
	if strings.Join(conns, "\n") != strings.Join(want, "\n") {
		t.Fatalf("connection.update sequence:\n%s\nwant:\n%s", strings.Join(conns, "\n"), strings.Join(want, "\n"))
	}

	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	resp := alice.SendText(t, s.Status().Me.ID.ToNonAD(), "hello there")
	line := w.waitLog(t, "UPSERT", resp.ID)
	got := strings.Fields(line[strings.Index(line, "UPSERT ")+7:])
	wantUpsert := fmt.Sprintf(`{"messages":[{"key":{"remoteJid":"%s","remoteJidAlt":"%s","fromMe":false,"id":"%s"},"messageTimestamp":%d,"pushName":"Alice","broadcast":false,"message":{"conversation":"hello"}}],"type":"notify"}`,
		alice.UserJID(), alice.Device.LID.ToNonAD(), resp.ID, resp.Timestamp.Unix())
	// The text has a space: the log line's fields split it, so compare the joined form.
	if strings.Join(got, " ") != strings.Replace(wantUpsert, `"hello"`, `"hello there"`, 1)+" bot=bot" {
		t.Fatalf("messages.upsert:\n%s\nwant:\n%s", strings.Join(got, " "), wantUpsert)
	}
}
