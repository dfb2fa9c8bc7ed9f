package sim_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/sim/wire"
)

// FuzzStanzas sends arbitrary decodable stanzas from a logged-in device. Whatever arrives, the server
// must answer every iq get/set (or close that connection), keep answering pings, never panic (a handler
// panic is answered with stream error 500, which fails here), and keep serving other clients.
func FuzzStanzas(f *testing.F) {
	srv := testkit.NewServer(f)
	alice := testkit.NewClient(f, srv)
	bob := testkit.NewClient(f, srv)
	alice.Disconnect()
	bobDev := bob.JID()
	for _, n := range []waBinary.Node{
		{Tag: "iq", Attrs: waBinary.Attrs{"id": "a", "type": "get", "xmlns": "encrypt"}, Content: []waBinary.Node{{Tag: "count"}}},
		{Tag: "iq", Attrs: waBinary.Attrs{"id": "b", "type": "get", "xmlns": "usync"}, Content: []waBinary.Node{{Tag: "usync",
			Content: []waBinary.Node{{Tag: "query", Content: []waBinary.Node{{Tag: "devices"}, {Tag: "lid"}, {Tag: "contact"}}},
				{Tag: "list", Content: []waBinary.Node{{Tag: "user", Attrs: waBinary.Attrs{"jid": bob.UserJID()}}}}}}}},
		{Tag: "iq", Attrs: waBinary.Attrs{"id": "c", "type": "get", "xmlns": "encrypt"}, Content: []waBinary.Node{{Tag: "key",
			Content: []waBinary.Node{{Tag: "user", Attrs: waBinary.Attrs{"jid": bobDev}}}}}},
		{Tag: "message", Attrs: waBinary.Attrs{"id": "d", "to": bob.UserJID(), "type": "text"}, Content: []waBinary.Node{{Tag: "participants",
			Content: []waBinary.Node{{Tag: "to", Attrs: waBinary.Attrs{"jid": bobDev}, Content: []waBinary.Node{{Tag: "enc",
				Attrs: waBinary.Attrs{"v": "2", "type": "msg"}, Content: []byte{1, 2, 3}}}}}}}},
		{Tag: "receipt", Attrs: waBinary.Attrs{"id": "e", "to": bobDev, "type": "read"}},
		{Tag: "ack", Attrs: waBinary.Attrs{"id": "f", "class": "message", "to": bobDev}},
		{Tag: "iq", Attrs: waBinary.Attrs{"id": "g", "type": "set", "xmlns": "passive"}, Content: []waBinary.Node{{Tag: "active"}}},
	} {
		data, err := waBinary.Marshal(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[1:]) // Marshal's first byte is the frame flags
	}
	var seq atomic.Int64
	f.Fuzz(func(t *testing.T, data []byte) {
		// wire.DecodeNode is what the server uses; whatsmeow's Unmarshal alone panics on some inputs.
		node, err := wire.DecodeNode(append([]byte{0}, data...))
		if err != nil {
			t.Skip("not a stanza") // undecodable frames are the wire fuzzers' job
		}
		if node.Tag == "iq" && node.Attrs["xmlns"] == "md" {
			t.Skip("md iqs may log the device out, which is not an error")
		}
		rc := testkit.DialRawDevice(t, srv, alice.Device)
		if n := rc.Read(testkit.Timeout); n == nil || n.Tag != "success" {
			t.Fatalf("login: %v", n)
		}
		if err := rc.SendRaw(append([]byte{0}, data...)); err != nil {
			t.Fatal(err)
		}
		id, _ := node.Attrs["id"].(string)
		if typ, _ := node.Attrs["type"].(string); node.Tag == "iq" && id != "" && (typ == "get" || typ == "set") {
			awaitIQ(t, rc, id)
		}
		ping := fmt.Sprintf("ping-%d", seq.Add(1))
		if err := rc.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": ping, "type": "get", "xmlns": "w:p", "to": types.ServerJID}}); err == nil {
			awaitIQ(t, rc, ping)
		}
	})
}

// awaitIQ waits for the reply to iq id, accepting that the server closed the connection instead; a
// stream error 500 (a handler panic) fails the test.
func awaitIQ(t *testing.T, rc *testkit.RawClient, id string) {
	t.Helper()
	deadline := time.Now().Add(testkit.Timeout)
	for time.Now().Before(deadline) {
		n := rc.Read(time.Until(deadline))
		if n == nil {
			select {
			case <-rc.Closed():
				return
			default:
				continue
			}
		}
		if n.Tag == "stream:error" && n.Attrs["code"] == "500" {
			t.Fatalf("handler panic: %s", n.XMLString())
		}
		if n.Tag == "iq" && n.Attrs["id"] == id {
			return
		}
	}
	t.Fatalf("iq %s not answered", id)
}
