package baileys_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/server"
	"github.com/botrt/botrt/sim/testkit"
)

// errorCase is one socket call that must reject with the Boom status of the reference.
type errorCase struct {
	name   string
	call   string // JS expression of sock and arg (the argument the test sends with the command)
	status int
	// setup prepares the failure and returns the command's argument.
	setup func(t *testing.T, w *world, alice *testkit.Client, bot types.JID) string
}

// lockedGroup is a group the person created with the bot as a plain member, locked so that only
// admins may edit its info.
func lockedGroup(t *testing.T, _ *world, alice *testkit.Client, bot types.JID) string {
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	info, err := alice.WA.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: "Alice's", Participants: []types.JID{bot}})
	if err != nil {
		t.Fatal(err)
	}
	if err := alice.WA.SetGroupLocked(ctx, info.JID, true); err != nil {
		t.Fatal(err)
	}
	return info.JID.String()
}

// TestErrorStatusCodes: socket methods reject with Boom errors carrying the reference's status
// codes: 403 when the bot is not a group admin, 404 for a group or user that does not exist, and 428
// for a call whose connection drops under it and for a call on a closed socket.
func TestErrorStatusCodes(t *testing.T) {
	runtimetest.NoLeaks(t)
	cases := []errorCase{
		{"notAdminSubject", "sock.groupUpdateSubject(arg, 'mine now')", 403, lockedGroup},
		{"notAdminSetting", "sock.groupSettingUpdate(arg, 'announcement')", 403, lockedGroup},
		{"noGroup", "sock.groupMetadata('120363000000000001@g.us')", 404, nil},
		{"noUserPicture", "sock.profilePictureUrl('15550009999@s.whatsapp.net', 'image')", 404, nil},
		// The server drops the connection when the query arrives and never answers it.
		// Not while the bot still acknowledges the command: whatsmeow races closing a socket
		// against a receipt it is writing (see testkit.WaitAcked). The receipt may come after the
		// query on the same connection, whose reader this handler holds, so until it is in the
		// server answers 503 and the bot asks again.
		{"dropped", "(async () => { for (;;) { try { await sock.updateProfileStatus('hello') } catch (e) { if (e.output?.statusCode !== 503) throw e } } })()", 428, func(t *testing.T, w *world, _ *testkit.Client, _ types.JID) string {
			w.srv.Server.HandleIQ("status", func(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
				dev, _ := iq.Session.Device()
				if n, err := w.srv.Server.PendingCount(dev); err != nil || n > 0 {
					return waBinary.Node{}, &server.IQError{Code: 503, Text: "service-unavailable"}
				}
				iq.Session.CloseWithStreamError(&waBinary.Node{Tag: "xmlstreamend"})
				<-ctx.Done()
				return waBinary.Node{}, ctx.Err()
			})
			return ""
		}},
		// Last: the socket stays closed.
		{"closed", "new Promise((resolve) => { sock.ev.on('connection.update', (u) => { if (u.connection === 'close') resolve() }); sock.end(undefined) }).then(() => sock.fetchBlocklist())", 428, nil},
	}
	var calls []string
	for _, c := range cases {
		calls = append(calls, c.name+": () => "+c.call)
	}
	w, alice, me := refRun(t, `
  const [name, arg] = cmd.slice(1).split(' ')
  const calls = {`+strings.Join(calls, ",\n    ")+`}
  if (calls[name]) await step(name, calls[name])
`, nil)
	bot := botJID(t, me)
	for _, c := range cases {
		arg := ""
		if c.setup != nil {
			arg = c.setup(t, w, alice, bot)
		}
		w.command(t, alice, me, strings.TrimSpace("!"+c.name+" "+arg))
		line := w.waitLog(t, " "+c.name+" ")
		if !strings.Contains(line, "E "+c.name+" "+strconv.Itoa(c.status)+" ") {
			t.Errorf("%s: %s, want a Boom with status %d", c.name, line, c.status)
		}
	}
	testkit.WaitAcked(t, w.srv, alice)
}
