package wire

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
)

// echoServer answers every node with a copy tagged "echo" and reports the error that ended the connection.
func echoServer(t *testing.T, id *Identity) *testServer {
	t.Helper()
	ts := &testServer{done: make(chan error, 4), static: make(chan [32]byte, 4)}
	ts.Server = serveWire(t, id, func(ctx context.Context, c *Conn, err error) {
		if err != nil {
			ts.done <- err
			return
		}
		defer c.CloseNow()
		ts.static <- c.ClientStatic()
		for {
			n, err := c.ReadNode(ctx)
			if err != nil {
				ts.done <- err
				return
			}
			n.Tag = "echo"
			if err := c.WriteNode(ctx, n); err != nil {
				ts.done <- err
				return
			}
		}
	})
	return ts
}

func (ts *testServer) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-ts.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("server handler did not finish")
		return nil
	}
}

func TestConnPackedAndSplitFrames(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts := echoServer(t, testIdentity(t))
	c := dialRaw(ctx, t, ts.Server, []byte("ED\x00\x01\x00\x00\x02rtWA\x06\x03"))
	defer c.ws.CloseNow()
	if got := <-ts.static; got != *c.noise.Pub {
		t.Fatal("server saw a different client static key")
	}

	var stream []byte
	for i := range 5 {
		stream = append(stream, c.sealFrame(t, &waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": fmt.Sprint(i)}})...)
	}
	// Two WS messages: the first packs two frames and a part of the third, the second holds the rest.
	cut := len(stream)/2 + 3
	for _, part := range [][]byte{stream[:cut], stream[cut:]} {
		if err := c.ws.Write(ctx, websocket.MessageBinary, part); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		n, err := c.readNode(ctx)
		if err != nil {
			t.Fatalf("echo %d: %v", i, err)
		}
		if n.Tag != "echo" || n.Attrs["id"] != fmt.Sprint(i) {
			t.Fatalf("echo %d: %s", i, n.XMLString())
		}
	}
}

func TestConnTruncatedFrame(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts := echoServer(t, testIdentity(t))
	c := dialRaw(ctx, t, ts.Server, []byte("WA\x06\x03"))
	frame := c.sealFrame(t, &waBinary.Node{Tag: "iq"})
	if err := c.ws.Write(ctx, websocket.MessageBinary, frame[:len(frame)-2]); err != nil {
		t.Fatal(err)
	}
	c.ws.Close(websocket.StatusNormalClosure, "")
	if err := ts.wait(t); !errors.Is(err, ErrTruncated) {
		t.Fatalf("server error %v, want ErrTruncated", err)
	}
}

func TestConnGarbageAfterHandshake(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts := echoServer(t, testIdentity(t))

	c := dialRaw(ctx, t, ts.Server, []byte("WA\x06\x03"))
	defer c.ws.CloseNow()
	junk, _ := AppendFrame(nil, []byte("not encrypted at all"))
	c.ws.Write(ctx, websocket.MessageBinary, junk)
	if err := ts.wait(t); err == nil || errors.Is(err, ErrMalformedNode) {
		t.Fatalf("undecryptable frame: err %v, want a decryption error", err)
	}

	// A correctly encrypted frame holding a malformed node.
	c2 := dialRaw(ctx, t, ts.Server, []byte("WA\x06\x03"))
	defer c2.ws.CloseNow()
	ct, _ := c2.write.seal(nil, []byte{0, 248, 2, 19, 250, 248, 1, 248, 1, 19, 3})
	bad, _ := AppendFrame(nil, ct)
	c2.ws.Write(ctx, websocket.MessageBinary, bad)
	if err := ts.wait(t); !errors.Is(err, ErrMalformedNode) {
		t.Fatalf("malformed node: err %v, want ErrMalformedNode", err)
	}
}

func TestConnConcurrentWriters(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const writers, each = 8, 50
	ts := &testServer{done: make(chan error, 1)}
	ts.Server = serveWire(t, testIdentity(t), func(ctx context.Context, c *Conn, err error) {
		if err != nil {
			ts.done <- err
			return
		}
		defer c.CloseNow()
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if err := c.WriteNode(ctx, &waBinary.Node{Tag: "n", Attrs: waBinary.Attrs{"w": w, "i": i}}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		ts.done <- <-errs
		c.ReadNode(ctx) // hold until the client hangs up
	})
	c := dialRaw(ctx, t, ts.Server, []byte("WA\x06\x03"))
	defer c.ws.CloseNow()
	next := make(map[string]int)
	for range writers * each {
		n, err := c.readNode(ctx)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		w := n.Attrs["w"].(string)
		if got := n.Attrs["i"].(string); got != fmt.Sprint(next[w]) {
			t.Fatalf("writer %s: got %s, want %d", w, got, next[w])
		}
		next[w]++
	}
	if err := ts.wait(t); err != nil {
		t.Fatal(err)
	}
}

func TestAcceptRejectsIncompleteIdentity(t *testing.T) {
	if _, _, err := Accept(context.Background(), nil, &Identity{}); err == nil {
		t.Fatal("accepted with an empty identity")
	}
}
