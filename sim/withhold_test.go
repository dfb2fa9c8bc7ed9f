package sim_test

import (
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// TestWithholdIQ: while a namespace is withheld its iqs get no answer, others still do (a
// connection's stanzas are handled in order, so an answer to a later ping proves the withheld one
// was passed over); nested holds end when both are released, and a release twice counts once.
func TestWithholdIQ(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	alice.Disconnect()
	rc := rawLogin(t, srv, alice)
	ping := func(id, xmlns string) {
		t.Helper()
		if err := rc.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": id, "type": "get", "xmlns": xmlns, "to": types.ServerJID}}); err != nil {
			t.Fatal(err)
		}
	}
	// answered reads until the answer to id and fails on an answer to any of withheld.
	answered := func(id string, withheld ...string) {
		t.Helper()
		n := rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool {
			if n.Tag != "iq" {
				return false
			}
			for _, w := range withheld {
				if n.Attrs["id"] == w {
					t.Fatalf("withheld iq %s was answered: %v", w, n)
				}
			}
			return n.Attrs["id"] == id
		})
		if n == nil {
			t.Fatalf("no answer to iq %s", id)
		}
	}

	release := srv.Server.WithholdIQ("w:p")
	inner := srv.Server.WithholdIQ("w:p")
	ping("held1", "w:p")
	ping("other1", "abt")
	answered("other1", "held1")
	inner()
	inner() // a second call of the same release must not end the outer hold
	ping("held2", "w:p")
	ping("other2", "abt")
	answered("other2", "held1", "held2")
	release()
	ping("free", "w:p")
	answered("free", "held1", "held2")
}
