package wire

import (
	"context"
	"errors"
	"io"
	"testing"

	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// memFrames is a frameIO over fixed client frames; it records what the server writes.
type memFrames struct {
	in  [][]byte
	out [][]byte
}

func (m *memFrames) readFrame(context.Context) ([]byte, error) {
	if len(m.in) == 0 {
		return nil, io.EOF
	}
	f := m.in[0]
	m.in = m.in[1:]
	return f, nil
}

func (m *memFrames) writeFrame(_ context.Context, f []byte) error {
	m.out = append(m.out, f)
	return nil
}

func (m *memFrames) introHeader() []byte { return []byte("WA\x06\x03") }

func clientHello(pub []byte) []byte {
	b, _ := proto.Marshal(&waWa6.HandshakeMessage{ClientHello: &waWa6.HandshakeMessage_ClientHello{Ephemeral: pub}})
	return b
}

func TestHandshakeRejects(t *testing.T) {
	id := testIdentity(t)
	eph := keys.NewKeyPair()
	finishNoStatic, _ := proto.Marshal(&waWa6.HandshakeMessage{ClientFinish: &waWa6.HandshakeMessage_ClientFinish{Payload: []byte("x")}})
	for name, frames := range map[string][][]byte{
		"not protobuf":     {{0xff, 0xff, 0xff}},
		"no hello":         {{}},
		"short ephemeral":  {clientHello(eph.Pub[:31])},
		"low-order point":  {clientHello(make([]byte, 32))},
		"hello twice":      {clientHello(eph.Pub[:]), clientHello(eph.Pub[:])},
		"finish garbage":   {clientHello(eph.Pub[:]), finishNoStatic},
		"finish not proto": {clientHello(eph.Pub[:]), {0xff}},
	} {
		_, err := serverHandshake(context.Background(), &memFrames{in: frames}, id)
		if !errors.Is(err, ErrHandshake) {
			t.Errorf("%s: err = %v, want ErrHandshake", name, err)
		}
	}
	// The stream ending is a transport error, not the client's protocol fault.
	if _, err := serverHandshake(context.Background(), &memFrames{in: [][]byte{clientHello(eph.Pub[:])}}, id); !errors.Is(err, io.EOF) {
		t.Errorf("EOF after hello: err = %v", err)
	}
}

// FuzzHandshake drives the responder with arbitrary client hello and finish messages: it must fail with an
// error, never panic.
func FuzzHandshake(f *testing.F) {
	id := testIdentity(f)
	eph := keys.NewKeyPair()
	finish, _ := proto.Marshal(&waWa6.HandshakeMessage{ClientFinish: &waWa6.HandshakeMessage_ClientFinish{
		Static: make([]byte, 48), Payload: make([]byte, 20)}})
	f.Add(clientHello(eph.Pub[:]), finish)
	f.Add(clientHello(make([]byte, 32)), []byte{})
	f.Add([]byte{0x12, 0x00}, []byte{0x1a, 0x02, 0x0a, 0x00})
	f.Fuzz(func(t *testing.T, hello, fin []byte) {
		m := &memFrames{in: [][]byte{hello, fin}}
		if _, err := serverHandshake(context.Background(), m, id); err == nil {
			t.Fatal("handshake succeeded without knowing the keys")
		}
	})
}

// replyFrames is a frameIO where the client's second message is computed from the server's first, so a
// real initiator can run against serverHandshake without a socket.
type replyFrames struct {
	hello []byte
	reply func(serverHello []byte) []byte
	out   [][]byte
	reads int
}

func (r *replyFrames) readFrame(context.Context) ([]byte, error) {
	r.reads++
	switch {
	case r.reads == 1:
		return r.hello, nil
	case r.reads == 2 && len(r.out) == 1:
		return r.reply(r.out[0]), nil
	}
	return nil, io.EOF
}

func (r *replyFrames) writeFrame(_ context.Context, f []byte) error {
	r.out = append(r.out, append([]byte(nil), f...))
	return nil
}

func (r *replyFrames) introHeader() []byte { return []byte("WA\x06\x03") }

// handshakeWithPayload runs a real initiator against serverHandshake, the client payload being raw bytes.
func handshakeWithPayload(t testing.TB, id *Identity, noise *keys.KeyPair, payload []byte) (*handshakeResult, error) {
	in, hello, err := newInitiator([]byte("WA\x06\x03"), noise)
	if err != nil {
		t.Fatal(err)
	}
	frames := &replyFrames{hello: hello[4+frameHeaderSize:], reply: func(serverHello []byte) []byte {
		fin, err := in.finish(serverHello, payload)
		if err != nil {
			t.Fatalf("client finish: %v", err)
		}
		return fin[frameHeaderSize:]
	}}
	return serverHandshake(context.Background(), frames, id)
}

// FuzzClientPayload completes real handshakes whose encrypted client payload is arbitrary: the server must
// accept exactly the payloads that parse as a ClientPayload, return them unchanged, and never panic.
func FuzzClientPayload(f *testing.F) {
	id := testIdentity(f)
	noise := keys.NewKeyPair()
	login, _ := proto.Marshal(&waWa6.ClientPayload{Username: proto.Uint64(15550001111), Device: proto.Uint32(3), Passive: proto.Bool(true)})
	f.Add(login)
	f.Add([]byte{})
	f.Add([]byte{0xff, 0x01})
	f.Fuzz(func(t *testing.T, payload []byte) {
		res, err := handshakeWithPayload(t, id, noise, payload)
		var want waWa6.ClientPayload
		if proto.Unmarshal(payload, &want) != nil {
			if !errors.Is(err, ErrHandshake) {
				t.Fatalf("unparsable payload: err = %v, want ErrHandshake", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid payload refused: %v", err)
		}
		if !proto.Equal(res.payload, &want) || res.clientStatic != *noise.Pub {
			t.Fatalf("server saw payload %v and static %x", res.payload, res.clientStatic)
		}
	})
}
