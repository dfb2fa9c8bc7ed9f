package wire

import (
	"context"
	"fmt"
	"testing"

	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
)

// BenchmarkTransportCipher measures one frame sealed by one side and opened by the other.
func BenchmarkTransportCipher(b *testing.B) {
	for _, size := range []int{64, 1024, 64 << 10} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			key := make([]byte, 32)
			w, _ := newTransportCipher(key)
			r, _ := newTransportCipher(key)
			pt := make([]byte, size)
			buf := make([]byte, 0, size+16)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				ct, err := w.seal(buf[:0], pt)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.open(ct); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConnEcho measures a stanza round trip through the server over loopback: client encrypt, server
// decrypt + decode + encode + encrypt, client decrypt + decode.
func BenchmarkConnEcho(b *testing.B) {
	id := testIdentity(b)
	ts := &testServer{done: make(chan error, 1)}
	ts.Server = serveWire(b, id, func(ctx context.Context, c *Conn, err error) {
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			n, err := c.ReadNode(ctx)
			if err != nil {
				return
			}
			if c.WriteNode(ctx, n) != nil {
				return
			}
		}
	})
	ctx := context.Background()
	c := dialRaw(ctx, b, ts.Server, []byte("WA\x06\x03"))
	defer c.ws.Close(websocket.StatusNormalClosure, "")
	node := sampleNode()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.ws.Write(ctx, websocket.MessageBinary, c.sealFrame(b, node)); err != nil {
			b.Fatal(err)
		}
		if _, err := c.readNode(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNodeCodec encodes and decodes a typical message stanza with each dictionary, and with
// whatsmeow's own codec (dictionary 3) for comparison.
func BenchmarkNodeCodec(b *testing.B) {
	n := sampleNode()
	for _, d := range dictionaries {
		b.Run(fmt.Sprintf("dict%d", d.Version), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				enc, err := d.EncodeNode(n)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := d.DecodeNode(enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("whatsmeow", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			enc, err := waBinary.Marshal(*n)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := waBinary.Unmarshal(enc[1:]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
