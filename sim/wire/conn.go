package wire

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waWa6"
)

// wsReadLimit bounds one WebSocket message: a maximal frame plus its length and the connection header with a
// maximal Baileys routing prefix. Clients send one frame per message; packing frames is accepted up to this.
const wsReadLimit = frameHeaderSize + MaxFrameSize + 7 + maxRoutingInfo + 4

// Upgrade accepts a WebSocket from an HTTP request the way clients connect: any path, binary messages, and
// the Origin "https://web.whatsapp.com", which the default same-origin check would refuse.
func Upgrade(w http.ResponseWriter, r *http.Request) (*websocket.Conn, error) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return nil, fmt.Errorf("wire: websocket accept: %w", err)
	}
	return ws, nil
}

// Conn is an established, encrypted connection to one client. ReadNode must be called from one goroutine at
// a time; WriteNode and Close are safe for concurrent use.
type Conn struct {
	ws     *websocket.Conn
	frames *FrameReader

	read *transportCipher // only touched by the reader

	writeMu sync.Mutex
	write   *transportCipher
	wbuf    []byte

	clientStatic [32]byte
	// dict is the token dictionary the client's connection header named; both directions use it.
	dict *Dictionary
	// holdUntil delays the first frame to a dictionary-2 client (see dict2Settle); zero once passed.
	holdUntil time.Time
}

// dict2Settle is how long after the handshake a dictionary-2 client (Baileys 6.17) gets its first frame.
// Baileys 6 does not await the derivation of its transport keys (noise-handler finishInit, an async
// WebCrypto HKDF) before reading on, so a frame that arrives within a few milliseconds of the handshake
// is taken for a handshake frame, and every later one fails to decrypt. WhatsApp's servers are a network
// round trip away; a loopback simulator answers faster than Node's thread pool.
const dict2Settle = 150 * time.Millisecond

// Accept runs the server side of the Noise handshake on ws and returns the encrypted connection, the
// client's payload (registration or login) and, through Conn.ClientStatic, the client's static key.
// The caller bounds the handshake with ctx and closes ws on error.
func Accept(ctx context.Context, ws *websocket.Conn, id *Identity) (*Conn, *waWa6.ClientPayload, error) {
	if id == nil || id.Static == nil || len(id.CertChain) == 0 {
		return nil, nil, errors.New("wire: accept: identity without static key or certificate chain")
	}
	ws.SetReadLimit(wsReadLimit)
	c := &Conn{ws: ws, frames: NewFrameReader(MaxFrameSize)}
	res, err := serverHandshake(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	c.read, c.write, c.clientStatic = res.read, res.write, res.clientStatic
	// The frame reader only accepts headers whose version has a dictionary.
	c.dict = DictionaryFor(c.frames.Intro()[3])
	if c.dict == Dict2 {
		c.holdUntil = time.Now().Add(dict2Settle)
	}
	return c, res.payload, nil
}

// ClientStatic is the client's long-term Noise public key (whatsmeow's NoiseKey), proven by the handshake.
func (c *Conn) ClientStatic() [32]byte { return c.clientStatic }

// Dictionary is the binary-XML token dictionary the client announced, which ReadNode and WriteNode use.
func (c *Conn) Dictionary() *Dictionary { return c.dict }

// RoutingInfo is the edge-routing blob a Baileys client prefixed its first message with, or nil.
func (c *Conn) RoutingInfo() []byte { return c.frames.RoutingInfo() }

// ReadNode returns the next stanza from the client. Errors are final for the connection; cancelling ctx
// while a read is pending closes the WebSocket (coder/websocket semantics).
func (c *Conn) ReadNode(ctx context.Context) (*waBinary.Node, error) {
	frame, err := c.readFrame(ctx)
	if err != nil {
		return nil, err
	}
	plaintext, err := c.read.open(frame)
	if err != nil {
		return nil, fmt.Errorf("wire: decrypt frame: %w", err)
	}
	return c.dict.DecodeNode(plaintext)
}

// WriteNode encrypts and sends one stanza. Encryption and sending happen under one lock so counters match
// the order frames appear on the wire.
func (c *Conn) WriteNode(ctx context.Context, n *waBinary.Node) error {
	plaintext, err := c.dict.EncodeNode(n)
	if err != nil {
		return err
	}
	return c.WriteFrame(ctx, plaintext)
}

// WriteFrame encrypts and sends an already encoded frame plaintext (flags byte included), which must be
// written with the connection's Dictionary.
func (c *Conn) WriteFrame(ctx context.Context, plaintext []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.hold(ctx); err != nil {
		return err
	}
	if len(plaintext)+16 > MaxFrameSize {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, len(plaintext))
	}
	n := len(plaintext) + 16 // GCM tag
	buf := append(c.wbuf[:0], byte(n>>16), byte(n>>8), byte(n))
	buf, err := c.write.seal(buf, plaintext)
	if err != nil {
		return err
	}
	if cap(buf) <= 64<<10 {
		c.wbuf = buf // keep a small buffer for reuse, but do not pin one huge frame's memory
	}
	if err := c.ws.Write(ctx, websocket.MessageBinary, buf); err != nil {
		return fmt.Errorf("wire: write frame: %w", err)
	}
	return nil
}

// hold waits out holdUntil before the first frame; the caller holds writeMu.
func (c *Conn) hold(ctx context.Context) error {
	if c.holdUntil.IsZero() {
		return nil
	}
	if wait := time.Until(c.holdUntil); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("wire: write frame: %w", ctx.Err())
		}
	}
	c.holdUntil = time.Time{}
	return nil
}

// Close sends a WebSocket close with code and reason and releases the connection.
func (c *Conn) Close(code websocket.StatusCode, reason string) error {
	return c.ws.Close(code, reason)
}

// CloseNow drops the connection without a close handshake.
func (c *Conn) CloseNow() error {
	return c.ws.CloseNow()
}

func (c *Conn) readFrame(ctx context.Context) ([]byte, error) {
	for {
		frame, ok, err := c.frames.Next()
		if err != nil {
			return nil, err
		}
		if ok {
			return frame, nil
		}
		typ, msg, err := c.ws.Read(ctx)
		if err != nil {
			if c.frames.Buffered() > 0 {
				return nil, fmt.Errorf("%w (%d bytes pending): %w", ErrTruncated, c.frames.Buffered(), err)
			}
			return nil, fmt.Errorf("wire: read: %w", err)
		}
		if typ != websocket.MessageBinary {
			return nil, fmt.Errorf("wire: unexpected text message from client")
		}
		c.frames.Feed(msg)
	}
}

// writeFrame sends an unencrypted frame; only the handshake uses it.
func (c *Conn) writeFrame(ctx context.Context, frame []byte) error {
	buf, err := AppendFrame(nil, frame)
	if err != nil {
		return err
	}
	if err := c.ws.Write(ctx, websocket.MessageBinary, buf); err != nil {
		return fmt.Errorf("wire: write frame: %w", err)
	}
	return nil
}

func (c *Conn) introHeader() []byte { return c.frames.Intro() }
