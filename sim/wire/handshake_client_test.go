package wire

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// TestWhatsmeowClientHandshake connects an unmodified whatsmeow client: it must accept our certificate chain,
// send a registration payload, answer a pair-device iq (a frame in each direction through the transport
// cipher) and show the QR, then see our failure node.
func TestWhatsmeowClientHandshake(t *testing.T) {
	leaktest.Check(t)
	id := testIdentity(t)

	type serverSide struct {
		static  [32]byte
		pairing bool
		reply   *waBinary.Node
		err     error
	}
	got := make(chan serverSide, 1)
	srv := serveWire(t, id, func(ctx context.Context, c *Conn, err error) {
		if err != nil {
			got <- serverSide{err: err}
			return
		}
		defer c.Close(websocket.StatusNormalClosure, "")
		res := serverSide{static: c.ClientStatic()}
		res.err = c.WriteNode(ctx, &waBinary.Node{
			Tag:   "iq",
			Attrs: waBinary.Attrs{"from": types.ServerJID, "id": "pd-1", "type": "set", "xmlns": "md"},
			Content: []waBinary.Node{{Tag: "pair-device", Content: []waBinary.Node{
				{Tag: "ref", Content: []byte("ref-one")},
			}}},
		})
		if res.err == nil {
			res.reply, res.err = c.ReadNode(ctx)
		}
		if res.err == nil {
			res.err = c.WriteNode(ctx, &waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "400"}})
		}
		got <- res
		// Hold the connection until the client has processed the failure and hung up.
		c.ReadNode(ctx)
	})

	cli := newWhatsmeowClient(t, srv, id)
	qr := make(chan string, 1)
	failure := make(chan events.ConnectFailureReason, 1)
	cli.AddEventHandler(func(evt any) {
		switch e := evt.(type) {
		case *events.QR:
			qr <- e.Codes[0]
		case *events.ConnectFailure:
			failure <- e.Reason
		}
	})
	if err := cli.Connect(); err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer cli.Disconnect()

	deadline := time.After(10 * time.Second)
	var code string
	select {
	case code = <-qr:
	case <-deadline:
		t.Fatal("no QR event: the client did not accept the handshake or the pair-device iq")
	}
	// The QR carries the client's noise key; it must be the static key the handshake proved.
	parts := strings.Split(code, ",")
	if len(parts) < 2 || parts[0] != "ref-one" {
		t.Fatalf("QR %q does not carry our ref", code)
	}
	var res serverSide
	select {
	case res = <-got:
	case <-deadline:
		t.Fatal("server side did not finish")
	}
	if res.err != nil {
		t.Fatalf("server: %v", res.err)
	}
	if want := base64.StdEncoding.EncodeToString(res.static[:]); parts[1] != want {
		t.Fatalf("client static %s, QR noise key %s", want, parts[1])
	}
	if res.reply.Tag != "iq" || res.reply.Attrs["id"] != "pd-1" || res.reply.Attrs["type"] != "result" {
		t.Fatalf("unexpected reply to pair-device: %s", res.reply.XMLString())
	}
	select {
	case reason := <-failure:
		if reason != events.ConnectFailureGeneric {
			t.Fatalf("failure reason %d", reason)
		}
	case <-deadline:
		t.Fatal("client did not report our failure node")
	}
}

// TestWhatsmeowClientRejectsForeignRoot proves the certificate chain is what the client checks: with another
// root trusted, the handshake must fail on the client side.
func TestWhatsmeowClientRejectsForeignRoot(t *testing.T) {
	leaktest.Check(t)
	id := testIdentity(t)
	srvErr := make(chan error, 1)
	srv := serveWire(t, id, func(ctx context.Context, c *Conn, err error) {
		if c != nil {
			c.CloseNow()
		}
		srvErr <- err
	})
	cli := newWhatsmeowClient(t, srv, testIdentity(t)) // trusts a different root
	err := cli.Connect()
	defer cli.Disconnect()
	if err == nil || !strings.Contains(err.Error(), "cert") {
		t.Fatalf("connect with a foreign root: err = %v, want a certificate error", err)
	}
	select {
	case err := <-srvErr:
		if err == nil {
			t.Fatal("server completed a handshake the client rejected")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server handler did not return")
	}
}
