package testkit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/socket"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// RawClient is a bare protocol connection to the simulator: the real Noise handshake and framing (from
// whatsmeow's socket package), but stanzas are sent and read by the test itself. It is for tests of
// shapes and of malformed input that a well-behaved client would never send.
type RawClient struct {
	ns     *socket.NoiseSocket
	closed chan struct{}

	mu     sync.Mutex
	queue  []*waBinary.Node // received, not yet read; unbounded so a slow test never drops stanzas
	notify chan struct{}    // closed and replaced when a stanza is queued
}

// DialRaw connects and handshakes with the given Noise key and client payload (device.GetClientPayload()
// gives a login or registration payload). It does not wait for success or failure: Read them.
func DialRaw(t testing.TB, srv *Server, noise *keys.KeyPair, payload *waWa6.ClientPayload) *RawClient {
	t.Helper()
	rc, err := dialRaw(srv, noise, payload)
	if err != nil {
		t.Fatalf("testkit: raw connection: %v", err)
	}
	t.Cleanup(rc.Close)
	return rc
}

// DialRawDevice connects with a stored device's keys and login payload.
func DialRawDevice(t testing.TB, srv *Server, dev *wastore.Device) *RawClient {
	t.Helper()
	return DialRaw(t, srv, dev.NoiseKey, dev.GetClientPayload())
}

func dialRaw(srv *Server, noise *keys.KeyPair, payload *waWa6.ClientPayload) (*RawClient, error) {
	// The socket lives on the context given to Connect and Finish, so only the handshake gets a deadline.
	fs := socket.NewFrameSocket(clientLog("raw"), srv.httpClient())
	if err := fs.Connect(context.Background()); err != nil {
		return nil, err
	}
	rc := &RawClient{closed: make(chan struct{}), notify: make(chan struct{})}
	ns, err := handshake(fs, noise, payload, rc)
	if err != nil {
		fs.Close(0)
		return nil, err
	}
	rc.ns = ns
	return rc, nil
}

func handshake(fs *socket.FrameSocket, noise *keys.KeyPair, payload *waWa6.ClientPayload, rc *RawClient) (*socket.NoiseSocket, error) {
	eph := keys.NewKeyPair()
	nh := socket.NewNoiseHandshake()
	nh.Start(socket.NoiseStartPattern, fs.Header)
	nh.Authenticate(eph.Pub[:])
	hello, err := proto.Marshal(&waWa6.HandshakeMessage{ClientHello: &waWa6.HandshakeMessage_ClientHello{Ephemeral: eph.Pub[:]}})
	if err != nil {
		return nil, err
	}
	if err := fs.SendFrame(hello); err != nil {
		return nil, err
	}
	var resp []byte
	select {
	case resp = <-fs.Frames:
	case <-time.After(Timeout):
		return nil, fmt.Errorf("no server hello within %s", Timeout)
	}
	var msg waWa6.HandshakeMessage
	if err := proto.Unmarshal(resp, &msg); err != nil {
		return nil, err
	}
	serverEph := msg.GetServerHello().GetEphemeral()
	if len(serverEph) != 32 {
		return nil, fmt.Errorf("server hello without ephemeral key")
	}
	nh.Authenticate(serverEph)
	if err := nh.MixSharedSecretIntoKey(*eph.Priv, [32]byte(serverEph)); err != nil {
		return nil, err
	}
	static, err := nh.Decrypt(msg.GetServerHello().GetStatic())
	if err != nil || len(static) != 32 {
		return nil, fmt.Errorf("server static: %v", err)
	}
	if err := nh.MixSharedSecretIntoKey(*eph.Priv, [32]byte(static)); err != nil {
		return nil, err
	}
	if _, err := nh.Decrypt(msg.GetServerHello().GetPayload()); err != nil {
		return nil, fmt.Errorf("server certificate: %w", err)
	}
	encStatic := nh.Encrypt(noise.Pub[:])
	if err := nh.MixSharedSecretIntoKey(*noise.Priv, [32]byte(serverEph)); err != nil {
		return nil, err
	}
	rawPayload, err := proto.Marshal(payload)
	if err != nil {
		return nil, err
	}
	finish, err := proto.Marshal(&waWa6.HandshakeMessage{ClientFinish: &waWa6.HandshakeMessage_ClientFinish{
		Static: encStatic, Payload: nh.Encrypt(rawPayload)}})
	if err != nil {
		return nil, err
	}
	if err := fs.SendFrame(finish); err != nil {
		return nil, err
	}
	return nh.Finish(fs.Context(), fs, rc.onFrame, rc.onDisconnect)
}

func (rc *RawClient) onFrame(_ context.Context, frame []byte) {
	data, err := waBinary.Unpack(frame)
	if err != nil {
		return
	}
	node, err := waBinary.Unmarshal(data)
	if err != nil {
		return
	}
	rc.mu.Lock()
	rc.queue = append(rc.queue, node)
	close(rc.notify)
	rc.notify = make(chan struct{})
	rc.mu.Unlock()
}

func (rc *RawClient) onDisconnect(context.Context, *socket.NoiseSocket, bool) {
	select {
	case <-rc.closed:
	default:
		close(rc.closed)
	}
}

// Send writes one stanza.
func (rc *RawClient) Send(node waBinary.Node) error {
	data, err := waBinary.Marshal(node)
	if err != nil {
		return err
	}
	return rc.SendRaw(data)
}

// SendRaw writes an already encoded frame plaintext (flags byte first), which may be malformed.
func (rc *RawClient) SendRaw(plaintext []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	return rc.ns.SendFrame(ctx, plaintext)
}

// Read returns the next stanza from the server, or nil if none arrives within timeout or the connection
// closed first.
func (rc *RawClient) Read(timeout time.Duration) *waBinary.Node {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		rc.mu.Lock()
		if len(rc.queue) > 0 {
			n := rc.queue[0]
			rc.queue = rc.queue[1:]
			rc.mu.Unlock()
			return n
		}
		wait := rc.notify
		rc.mu.Unlock()
		select {
		case <-wait:
		case <-deadline.C:
			return nil
		case <-rc.closed:
			rc.mu.Lock()
			empty := len(rc.queue) == 0
			rc.mu.Unlock()
			if empty {
				return nil
			}
		}
	}
}

// ReadUntil returns the first stanza that satisfies match, skipping others, or nil after timeout.
func (rc *RawClient) ReadUntil(timeout time.Duration, match func(*waBinary.Node) bool) *waBinary.Node {
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return nil
		}
		n := rc.Read(left)
		if n == nil {
			return nil
		}
		if match(n) {
			return n
		}
	}
}

// Closed is closed when the connection ended.
func (rc *RawClient) Closed() <-chan struct{} { return rc.closed }

// Close ends the connection.
func (rc *RawClient) Close() {
	if rc.ns != nil {
		rc.ns.Stop(true)
	}
}
