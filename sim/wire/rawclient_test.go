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
	dict        *Dictionary // the one the intro names
}

func dialRaw(ctx context.Context, t testing.TB, srv *httptest.Server, intro []byte) *rawClient {
	t.Helper()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws/chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(wsReadLimit)
	c := &rawClient{ws: ws, noise: keys.NewKeyPair(), frames: NewFrameReader(0), dict: DictionaryFor(intro[len(intro)-1])}
	c.frames.introDone = true // server frames carry no intro
	if err := c.handshake(ctx, intro); err != nil {
		ws.CloseNow()
		t.Fatal(err)
	}
	return c
}

func (c *rawClient) handshake(ctx context.Context, intro []byte) error {
	in, hello, err := newInitiator(intro, c.noise)
	if err != nil {
		return err
	}
	if err := c.ws.Write(ctx, websocket.MessageBinary, hello); err != nil {
		return err
	}
	serverHello, err := c.readFrame(ctx)
	if err != nil {
		return err
	}
	payload, _ := proto.Marshal(&waWa6.ClientPayload{Username: proto.Uint64(15550001111), Device: proto.Uint32(2)})
	finish, err := in.finish(serverHello, payload)
	if err != nil {
		return err
	}
	if err := c.ws.Write(ctx, websocket.MessageBinary, finish); err != nil {
		return err
	}
	c.write, c.read, err = in.transport()
	return err
}

// initiator is the client side of the handshake built from this package's primitives.
type initiator struct {
	st         *symmetricState
	eph, noise *keys.KeyPair
}

// newInitiator returns the client's first message: intro, then the framed client hello.
func newInitiator(intro []byte, noise *keys.KeyPair) (*initiator, []byte, error) {
	st, err := newSymmetricState(intro[len(intro)-4:])
	if err != nil {
		return nil, nil, err
	}
	in := &initiator{st: st, eph: keys.NewKeyPair(), noise: noise}
	st.mixHash(in.eph.Pub[:])
	hello, err := proto.Marshal(&waWa6.HandshakeMessage{ClientHello: &waWa6.HandshakeMessage_ClientHello{Ephemeral: in.eph.Pub[:]}})
	if err != nil {
		return nil, nil, err
	}
	msg, err := AppendFrame(append([]byte(nil), intro...), hello)
	return in, msg, err
}

// finish processes the server hello (frame payload) and returns the framed client finish carrying payload.
func (in *initiator) finish(serverHello, payload []byte) ([]byte, error) {
	var resp waWa6.HandshakeMessage
	if err := proto.Unmarshal(serverHello, &resp); err != nil {
		return nil, err
	}
	sh := resp.GetServerHello()
	in.st.mixHash(sh.GetEphemeral())
	if err := in.st.mixDH(in.eph.Priv[:], sh.GetEphemeral()); err != nil {
		return nil, err
	}
	static, err := in.st.decrypt(sh.GetStatic())
	if err != nil {
		return nil, fmt.Errorf("server static: %w", err)
	}
	if err := in.st.mixDH(in.eph.Priv[:], static); err != nil {
		return nil, err
	}
	if _, err := in.st.decrypt(sh.GetPayload()); err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	encKey := in.st.encrypt(in.noise.Pub[:])
	if err := in.st.mixDH(in.noise.Priv[:], sh.GetEphemeral()); err != nil {
		return nil, err
	}
	finish, err := proto.Marshal(&waWa6.HandshakeMessage{ClientFinish: &waWa6.HandshakeMessage_ClientFinish{
		Static: encKey, Payload: in.st.encrypt(payload)}})
	if err != nil {
		return nil, err
	}
	return AppendFrame(nil, finish)
}

// transport returns the client's ciphers once finish was sent.
func (in *initiator) transport() (write, read *transportCipher, err error) {
	c2s, s2c, err := in.st.split()
	if err != nil {
		return nil, nil, err
	}
	if write, err = newTransportCipher(c2s); err != nil {
		return nil, nil, err
	}
	read, err = newTransportCipher(s2c)
	return write, read, err
}

// sealFrame returns one encrypted, length-prefixed frame carrying n.
func (c *rawClient) sealFrame(t testing.TB, n *waBinary.Node) []byte {
	t.Helper()
	pt, err := c.dict.EncodeNode(n)
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
	return c.dict.DecodeNode(pt)
}
