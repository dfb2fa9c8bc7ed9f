package wire

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// rawClient is a minimal Noise initiator built from this package's primitives, so tests can do what real
// clients never do: pack or split frames, truncate them, or send garbage after the handshake.
type rawClient struct {
	ws          *websocket.Conn
	noise       *keys.KeyPair
	write, read *transportCipher
	frames      *FrameReader
}

func dialRaw(ctx context.Context, t testing.TB, srv *httptest.Server, intro []byte) *rawClient {
	t.Helper()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws/chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(wsReadLimit)
	c := &rawClient{ws: ws, noise: keys.NewKeyPair(), frames: NewFrameReader(0)}
	c.frames.introDone = true // server frames carry no intro
	if err := c.handshake(ctx, intro); err != nil {
		ws.CloseNow()
		t.Fatal(err)
	}
	return c
}

func (c *rawClient) handshake(ctx context.Context, intro []byte) error {
	st, err := newSymmetricState(intro[len(intro)-4:])
	if err != nil {
		return err
	}
	eph := keys.NewKeyPair()
	st.mixHash(eph.Pub[:])
	hello, _ := proto.Marshal(&waWa6.HandshakeMessage{ClientHello: &waWa6.HandshakeMessage_ClientHello{Ephemeral: eph.Pub[:]}})
	msg, _ := AppendFrame(append([]byte(nil), intro...), hello)
	if err := c.ws.Write(ctx, websocket.MessageBinary, msg); err != nil {
		return err
	}
	raw, err := c.readFrame(ctx)
	if err != nil {
		return err
	}
	var resp waWa6.HandshakeMessage
	if err := proto.Unmarshal(raw, &resp); err != nil {
		return err
	}
	sh := resp.GetServerHello()
	st.mixHash(sh.GetEphemeral())
	if err := st.mixDH(eph.Priv[:], sh.GetEphemeral()); err != nil {
		return err
	}
	static, err := st.decrypt(sh.GetStatic())
	if err != nil {
		return fmt.Errorf("server static: %w", err)
	}
	if err := st.mixDH(eph.Priv[:], static); err != nil {
		return err
	}
	if _, err := st.decrypt(sh.GetPayload()); err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	encKey := st.encrypt(c.noise.Pub[:])
	if err := st.mixDH(c.noise.Priv[:], sh.GetEphemeral()); err != nil {
		return err
	}
	payload, _ := proto.Marshal(&waWa6.ClientPayload{Username: proto.Uint64(15550001111), Device: proto.Uint32(2)})
	finish, _ := proto.Marshal(&waWa6.HandshakeMessage{ClientFinish: &waWa6.HandshakeMessage_ClientFinish{Static: encKey, Payload: st.encrypt(payload)}})
	msg, _ = AppendFrame(nil, finish)
	if err := c.ws.Write(ctx, websocket.MessageBinary, msg); err != nil {
		return err
	}
	c2s, s2c, err := st.split()
	if err != nil {
		return err
	}
	c.write, _ = newTransportCipher(c2s)
	c.read, _ = newTransportCipher(s2c)
	return nil
}

// sealFrame returns one encrypted, length-prefixed frame carrying n.
func (c *rawClient) sealFrame(t testing.TB, n *waBinary.Node) []byte {
	t.Helper()
	pt, err := EncodeNode(n)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := c.write.seal(nil, pt)
	if err != nil {
		t.Fatal(err)
	}
	frame, err := AppendFrame(nil, ct)
	if err != nil {
		t.Fatal(err)
	}
	return frame
}

func (c *rawClient) readFrame(ctx context.Context) ([]byte, error) {
	for {
		f, ok, err := c.frames.Next()
		if err != nil || ok {
			return append([]byte(nil), f...), err
		}
		_, msg, err := c.ws.Read(ctx)
		if err != nil {
			return nil, err
		}
		c.frames.Feed(msg)
	}
}

func (c *rawClient) readNode(ctx context.Context) (*waBinary.Node, error) {
	f, err := c.readFrame(ctx)
	if err != nil {
		return nil, err
	}
	pt, err := c.read.open(f)
	if err != nil {
		return nil, err
	}
	return DecodeNode(pt)
}
