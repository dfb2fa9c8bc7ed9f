package sim_test

import (
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"

	"github.com/botrt/botrt/sim/testkit"
)

func failureReason(n *waBinary.Node) string {
	if n == nil || n.Tag != "failure" {
		return ""
	}
	r, _ := n.Attrs["reason"].(string)
	return r
}

func TestLoginOfUnknownDeviceFails401(t *testing.T) {
	srv := testkit.NewServer(t)
	dev := srv.NewStoreDevice()
	jid := types.JID{User: "15559990000", Server: types.DefaultUserServer, Device: 3}
	dev.ID = &jid
	rc := testkit.DialRawDevice(t, srv, dev)
	if got := failureReason(rc.Read(testkit.Timeout)); got != "401" {
		t.Fatalf("failure reason %q, want 401", got)
	}
}

func TestLoginWithWrongNoiseKeyFails401(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice.Disconnect()
	rc := testkit.DialRaw(t, srv, keys.NewKeyPair(), alice.Device.GetClientPayload())
	if got := failureReason(rc.Read(testkit.Timeout)); got != "401" {
		t.Fatalf("failure reason %q, want 401", got)
	}
	// The real key still logs in.
	alice.Connect(t)
}

// rawLogin connects as c's device and reads the success.
func rawLogin(t *testing.T, srv *testkit.Server, c *testkit.Client) *testkit.RawClient {
	t.Helper()
	rc := testkit.DialRawDevice(t, srv, c.Device)
	success := rc.Read(testkit.Timeout)
	if success == nil || success.Tag != "success" {
		t.Fatalf("login: got %v", success)
	}
	if lid, _ := success.Attrs["lid"].(types.JID); lid != c.Device.LID {
		t.Fatalf("success lid %v, want the device LID %s", success.Attrs["lid"], c.Device.LID)
	}
	return rc
}

func iqReply(rc *testkit.RawClient, id string) *waBinary.Node {
	return rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "iq" && n.Attrs["id"] == id })
}

func TestEveryIQIsAnswered(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice.Disconnect()
	rc := rawLogin(t, srv, alice)
	cases := []struct {
		name string
		iq   waBinary.Node
		want string // result, or the error code
	}{
		{"keepalive", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "1", "type": "get", "xmlns": "w:p", "to": types.ServerJID}}, "result"},
		{"unknown namespace", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "2", "type": "get", "xmlns": "no:such"}}, "501"},
		{"no xmlns", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "3", "type": "set"}}, "501"},
		{"bad type", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "4", "type": "bogus", "xmlns": "w:p"}}, "400"},
		{"empty usync", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "5", "type": "get", "xmlns": "usync"}}, "400"},
		{"prekey upload without keys", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "6", "type": "set", "xmlns": "encrypt"},
			Content: []waBinary.Node{{Tag: "list"}}}, "400"},
		{"bundle of unknown device", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "7", "type": "get", "xmlns": "encrypt"},
			Content: []waBinary.Node{{Tag: "key", Content: []waBinary.Node{{Tag: "user", Attrs: waBinary.Attrs{
				"jid": types.JID{User: "1", Server: types.DefaultUserServer, Device: 9}}}}}}}, "result"},
		{"remove another account's device", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "8", "type": "set", "xmlns": "md"},
			Content: []waBinary.Node{{Tag: "remove-companion-device", Attrs: waBinary.Attrs{
				"jid": types.JID{User: "1", Server: types.DefaultUserServer, Device: 1}}}}}, "403"},
		{"key digest", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "10", "type": "get", "xmlns": "encrypt"},
			Content: []waBinary.Node{{Tag: "digest"}}}, "result"},
		{"passive without child", waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "9", "type": "set", "xmlns": "passive"}}, "400"},
	}
	for _, tc := range cases {
		if err := rc.Send(tc.iq); err != nil {
			t.Fatal(err)
		}
		reply := iqReply(rc, tc.iq.Attrs["id"].(string))
		if reply == nil {
			t.Fatalf("%s: no answer", tc.name)
		}
		got, _ := reply.Attrs["type"].(string)
		if got == "error" {
			got, _ = reply.GetChildByTag("error").Attrs["code"].(string)
		}
		if got != tc.want {
			t.Errorf("%s: got %s (%s), want %s", tc.name, got, reply.XMLString(), tc.want)
		}
	}
}

func TestMalformedStanzasGetErrorAcks(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	alice.Disconnect()
	rc := rawLogin(t, srv, alice)
	for i, bad := range []waBinary.Node{
		{Tag: "message", Attrs: waBinary.Attrs{"id": "m1"}},                                                  // no to
		{Tag: "message", Attrs: waBinary.Attrs{"id": "m2", "to": bob.UserJID()}},                             // no participants
		{Tag: "message", Attrs: waBinary.Attrs{"id": "m3", "to": types.NewJID("x", types.NewsletterServer)}}, // unsupported chat
		{Tag: "receipt", Attrs: waBinary.Attrs{"id": "r1"}},                                                  // no to
	} {
		if err := rc.Send(bad); err != nil {
			t.Fatal(err)
		}
		id := bad.Attrs["id"]
		ack := rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" && n.Attrs["id"] == id })
		if ack == nil || ack.Attrs["error"] != "400" {
			t.Fatalf("case %d: ack %v, want error 400", i, ack)
		}
	}
	// Garbage that is not a binary node at all closes this connection, and the server keeps serving others.
	if err := rc.SendRaw([]byte{0, 0xff, 0xff, 0xff}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-rc.Closed():
	case <-time.After(testkit.Timeout):
		t.Fatal("connection not closed after an undecodable frame")
	}
	carol := testkit.NewClient(t, srv)
	carol.SendText(t, bob.UserJID(), "still serving")
	bob.WaitMessage(t, testkit.Text("still serving"))
}
