package sim_test

import (
	"testing"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/testkit"
)

// TestProps: the A/B properties query Baileys sends after login is answered in both of its shapes
// (Baileys 7: xmlns abt, protocol 1; Baileys 6: xmlns w, protocol 2) with an empty set and a hash;
// the same iq with anything else than <props/> is refused as not implemented.
func TestProps(t *testing.T) {
	srv := testkit.NewServer(t)
	c := testkit.NewClient(t, srv)
	query := func(ns, typ string, child waBinary.Node) (*waBinary.Node, error) {
		return c.WA.DangerousInternals().SendIQ(testkit.Context(t), whatsmeow.DangerousInfoQuery{Namespace: ns,
			Type: whatsmeow.DangerousInfoQueryType(typ), To: types.ServerJID, Content: []waBinary.Node{child}})
	}
	for _, q := range []struct{ ns, protocol string }{{"abt", "1"}, {"w", "2"}} {
		res, err := query(q.ns, "get", waBinary.Node{Tag: "props", Attrs: waBinary.Attrs{"protocol": q.protocol}})
		if err != nil {
			t.Fatalf("%s props: %v", q.ns, err)
		}
		props, ok := res.GetOptionalChildByTag("props")
		if !ok || props.AttrGetter().String("hash") == "" || props.AttrGetter().String("protocol") != q.protocol {
			t.Fatalf("%s props: got %s, want <props hash protocol=%s/>", q.ns, res.XMLString(), q.protocol)
		}
	}
	if _, err := query("abt", "get", waBinary.Node{Tag: "experiments"}); err == nil {
		t.Fatal("abt iq without <props/> was answered; want an error")
	}
}
