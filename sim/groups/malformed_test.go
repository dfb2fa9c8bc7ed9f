package groups_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/sim/wire"
)

// rawMember returns a raw, logged-in connection of a member of a fresh two-person group, and the group.
func rawMember(t testing.TB) (*testkit.RawClient, types.JID) {
	srv := testkit.NewServer(t)
	a := testkit.NewClient(t, srv, testkit.Name("Ann"))
	b := testkit.NewClient(t, srv, testkit.Name("Ben"))
	g, err := srv.Groups.Create(t.Context(), a.UserJID(), "Raw", []types.JID{b.UserJID()})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitAcked(t, srv, a)
	a.Disconnect()
	raw := testkit.DialRawDevice(t, srv, a.Device)
	if n := raw.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "success" || n.Tag == "failure" }); n == nil || n.Tag != "success" {
		t.Fatalf("raw login: %v", n)
	}
	return raw, g.JID()
}

var iqSeq atomic.Int64

// groupIQ sends a w:g2 iq and returns the server's answer (nil if none arrived).
func groupIQ(raw *testkit.RawClient, typ string, to types.JID, content any) *waBinary.Node {
	id := fmt.Sprintf("t%d", iqSeq.Add(1))
	if err := raw.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": id, "xmlns": "w:g2", "type": typ, "to": to}, Content: content}); err != nil {
		return nil
	}
	return raw.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "iq" && n.Attrs["id"] == id })
}

func errorCode(n *waBinary.Node) string {
	if n == nil {
		return "no answer"
	}
	if n.Attrs["type"] == "result" {
		return "result"
	}
	e, _ := n.GetOptionalChildByTag("error")
	return fmt.Sprint(e.Attrs["code"])
}

// TestMalformedGroupRequests sends what no well-behaved client sends: every request gets an iq error
// with the fitting code, and the connection keeps working.
func TestMalformedGroupRequests(t *testing.T) {
	raw, gid := rawMember(t)
	server := types.GroupServerJID
	node := func(tag string, attrs waBinary.Attrs, content any) []waBinary.Node {
		return []waBinary.Node{{Tag: tag, Attrs: attrs, Content: content}}
	}
	stranger := types.NewJID("19990000000", types.DefaultUserServer)
	cases := []struct {
		name    string
		typ     string
		to      types.JID
		content any
		want    string
	}{
		{"no child", "get", server, nil, "400"},
		{"two children", "get", gid, append(node("query", nil, nil), node("query", nil, nil)...), "400"},
		{"to a user", "get", stranger, node("query", nil, nil), "400"},
		{"unknown group", "get", types.NewJID("120363111111111111", types.GroupServer), node("query", nil, nil), "404"},
		{"add nobody", "set", gid, node("add", nil, nil), "400"},
		{"participant without jid", "set", gid, node("add", nil, node("participant", nil, nil)), "400"},
		{"participant jid as string", "set", gid, node("remove", nil, node("participant", waBinary.Attrs{"jid": "x"}, nil)), "400"},
		{"empty subject", "set", gid, node("subject", nil, []byte("  ")), "400"},
		{"long subject", "set", gid, node("subject", nil, []byte(strings.Repeat("x", 101))), "406"},
		{"bad timer", "set", gid, node("ephemeral", waBinary.Attrs{"expiration": "soon"}, nil), "400"},
		{"bad add mode", "set", gid, node("member_add_mode", nil, []byte("everyone")), "400"},
		{"unknown change", "set", gid, node("frobnicate", nil, nil), "501"},
		{"unknown query", "get", server, node("frobnicate", nil, nil), "501"},
		{"invite without code", "get", server, node("invite", nil, nil), "400"},
		{"unknown invite", "get", server, node("invite", waBinary.Attrs{"code": "nope"}, nil), "406"},
		{"leave nothing", "set", server, node("leave", nil, nil), "400"},
		{"leave a string", "set", server, node("leave", nil, node("group", waBinary.Attrs{"id": "g"}, nil)), "400"},
		{"leave a stranger's group", "set", server, node("leave", nil, node("group", waBinary.Attrs{"id": types.NewJID("120363111111111111", types.GroupServer)}, nil)), "404"},
		{"create without subject", "set", server, node("create", nil, nil), "400"},
		{"create with stranger", "set", server, node("create", waBinary.Attrs{"subject": "s"}, node("participant", waBinary.Attrs{"jid": stranger}, nil)), "400"},
		{"create community", "set", server, node("create", waBinary.Attrs{"subject": "s"}, node("parent", nil, nil)), "501"},
		{"create bad timer", "set", server, node("create", waBinary.Attrs{"subject": "s"}, node("ephemeral", waBinary.Attrs{"expiration": "5"}, nil)), "400"},
		{"invite message info", "get", gid, node("query", nil, node("add_request", nil, nil)), "501"},
	}
	for _, tc := range cases {
		if got := errorCode(groupIQ(raw, tc.typ, tc.to, tc.content)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}

	// Messages the server cannot route are refused in the ack.
	if err := raw.Send(waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": "m1", "to": types.NewJID("120363111111111111", types.GroupServer), "type": "text"},
		Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"type": "skmsg", "v": "2"}, Content: []byte{1}}}}); err != nil {
		t.Fatal(err)
	}
	ack := raw.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" && n.Attrs["id"] == "m1" })
	if ack == nil || ack.Attrs["error"] != "404" {
		t.Fatalf("message to unknown group: ack %v", ack)
	}
	if err := raw.Send(waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "r1", "to": gid}}); err != nil {
		t.Fatal(err)
	}
	ack = raw.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" && n.Attrs["id"] == "r1" })
	if ack == nil || ack.Attrs["error"] != "400" {
		t.Fatalf("receipt without participant: ack %v", ack)
	}

	// After all that the connection still answers.
	if got := errorCode(groupIQ(raw, "get", gid, node("query", waBinary.Attrs{"request": "interactive"}, nil))); got != "result" {
		t.Fatalf("metadata after malformed requests: %s", got)
	}
}

// FuzzGroupIQ sends arbitrary nodes as the child of a w:g2 iq to a group: the server must answer each with
// a result or an error and keep the connection.
func FuzzGroupIQ(f *testing.F) {
	for _, n := range []waBinary.Node{
		{Tag: "query", Attrs: waBinary.Attrs{"request": "interactive"}},
		{Tag: "add", Content: []waBinary.Node{{Tag: "participant", Attrs: waBinary.Attrs{"jid": types.NewJID("1", types.HiddenUserServer)}}}},
		{Tag: "description", Attrs: waBinary.Attrs{"id": "x", "prev": "y"}, Content: []waBinary.Node{{Tag: "body", Content: "token"}}},
		{Tag: "ephemeral", Attrs: waBinary.Attrs{"expiration": "86400"}},
		{Tag: "invite"},
	} {
		enc, err := wire.EncodeNode(&n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc[1:], true)
		f.Add(enc[1:], false)
	}
	raw, gid := rawMember(f)
	f.Fuzz(func(t *testing.T, body []byte, set bool) {
		child, err := wire.DecodeNode(append([]byte{0}, body...))
		if err != nil {
			return
		}
		typ := "get"
		if set {
			typ = "set"
		}
		answer := groupIQ(raw, typ, gid, []waBinary.Node{*child})
		if answer == nil {
			select {
			case <-raw.Closed():
				t.Fatalf("server closed the connection on %s", child.XMLString())
			default:
				t.Fatalf("no answer to %s", child.XMLString())
			}
		}
	})
}
