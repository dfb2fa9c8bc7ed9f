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
