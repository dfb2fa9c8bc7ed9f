package wire

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// ErrHandshake marks every failure of the Noise handshake that is the client's fault (bad messages, bad
// keys, failed decryption), as opposed to transport errors.
var ErrHandshake = errors.New("wire: handshake failed")

// frameIO is the framed transport the handshake runs over; Conn implements it on a WebSocket, tests and
// fuzzers on memory.
type frameIO interface {
	readFrame(ctx context.Context) ([]byte, error)
	writeFrame(ctx context.Context, frame []byte) error
	// introHeader is the connection header, known once the first frame was read.
	introHeader() []byte
}

type handshakeResult struct {
	read, write  *transportCipher
	clientStatic [32]byte
	payload      *waWa6.ClientPayload
}

// serverHandshake runs the responder side of Noise XX exactly as whatsmeow's and Baileys' initiators
// expect it (see doc.go).
func serverHandshake(ctx context.Context, fio frameIO, id *Identity) (*handshakeResult, error) {
	hello, err := readHandshakeMessage(ctx, fio)
	if err != nil {
		return nil, err
	}
	clientEphemeral := hello.GetClientHello().GetEphemeral()
	if len(clientEphemeral) != 32 {
		return nil, fmt.Errorf("%w: client hello ephemeral key has %d bytes, want 32", ErrHandshake, len(clientEphemeral))
	}
	st, err := newSymmetricState(fio.introHeader())
	if err != nil {
		return nil, err
	}
	st.mixHash(clientEphemeral)

	ephemeral := keys.NewKeyPair()
	st.mixHash(ephemeral.Pub[:])
	if err := st.mixDH(ephemeral.Priv[:], clientEphemeral); err != nil {
		return nil, fmt.Errorf("%w: ephemeral agreement: %w", ErrHandshake, err)
	}
	encStatic := st.encrypt(id.Static.Pub[:])
	if err := st.mixDH(id.Static.Priv[:], clientEphemeral); err != nil {
		return nil, fmt.Errorf("%w: static agreement: %w", ErrHandshake, err)
	}
	encCert := st.encrypt(id.CertChain)
	reply, err := proto.Marshal(&waWa6.HandshakeMessage{ServerHello: &waWa6.HandshakeMessage_ServerHello{
		Ephemeral: ephemeral.Pub[:], Static: encStatic, Payload: encCert,
	}})
	if err != nil {
		return nil, fmt.Errorf("wire: marshal server hello: %w", err)
	}
	if err := fio.writeFrame(ctx, reply); err != nil {
		return nil, fmt.Errorf("wire: send server hello: %w", err)
	}

	finish, err := readHandshakeMessage(ctx, fio)
	if err != nil {
		return nil, err
	}
	cf := finish.GetClientFinish()
	if cf == nil {
		return nil, fmt.Errorf("%w: expected client finish", ErrHandshake)
	}
	// The client encrypts its static key under the same key as our certificate, so the counter is now 1.
	clientStatic, err := st.decrypt(cf.GetStatic())
	if err != nil {
		return nil, fmt.Errorf("%w: decrypt client static key: %w", ErrHandshake, err)
	}
	if len(clientStatic) != 32 {
		return nil, fmt.Errorf("%w: client static key has %d bytes, want 32", ErrHandshake, len(clientStatic))
	}
	if err := st.mixDH(ephemeral.Priv[:], clientStatic); err != nil {
		return nil, fmt.Errorf("%w: client static agreement: %w", ErrHandshake, err)
	}
	rawPayload, err := st.decrypt(cf.GetPayload())
	if err != nil {
		return nil, fmt.Errorf("%w: decrypt client payload: %w", ErrHandshake, err)
	}
	var payload waWa6.ClientPayload
	if err := proto.Unmarshal(rawPayload, &payload); err != nil {
		return nil, fmt.Errorf("%w: client payload: %w", ErrHandshake, err)
	}

	c2s, s2c, err := st.split()
	if err != nil {
		return nil, err
	}
	res := &handshakeResult{payload: &payload, clientStatic: [32]byte(clientStatic)}
	if res.read, err = newTransportCipher(c2s); err != nil {
		return nil, err
	}
	if res.write, err = newTransportCipher(s2c); err != nil {
		return nil, err
	}
	return res, nil
}

func readHandshakeMessage(ctx context.Context, fio frameIO) (*waWa6.HandshakeMessage, error) {
	frame, err := fio.readFrame(ctx)
	if err != nil {
		return nil, fmt.Errorf("wire: read handshake message: %w", err)
	}
	var msg waWa6.HandshakeMessage
	if err := proto.Unmarshal(frame, &msg); err != nil {
		return nil, fmt.Errorf("%w: handshake message: %w", ErrHandshake, err)
	}
	return &msg, nil
}
