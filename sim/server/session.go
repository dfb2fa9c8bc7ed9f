package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/wire"
)

const (
	// sendQueueSize bounds the stanzas waiting for one connection's writer; producers wait when it is
	// full, and a client that stays this far behind is disconnected (its persistent stanzas stay in the
	// offline queue).
	sendQueueSize = 256
	writeTimeout  = 15 * time.Second
	// slowClientTimeout is how long a full send queue may block before its client is disconnected.
	slowClientTimeout = 5 * time.Second
	// lingerTimeout is how long a connection that got a 515 stays open waiting for the client to hang up
	// and reconnect.
	lingerTimeout = 10 * time.Second
	// closeGrace is how long a connection stays open after a final stanza (stream error, failure) before
	// the server closes it, unless the client hangs up first. whatsmeow handles stanzas from a queue that
	// it abandons when the socket closes, so closing at once would lose the stanza that explains why
	// (and a "replaced" client would reconnect instead of stopping).
	closeGrace = 500 * time.Millisecond
)

// ErrSessionClosed is returned when sending on a connection that has ended.
var ErrSessionClosed = errors.New("server: connection closed")

// Session is one client connection. A session is either logged in as a device (Device is set) or a
// registration socket of a client that still has to pair.
type Session struct {
	srv     *Server
	conn    *wire.Conn
	payload *waWa6.ClientPayload
	ctx     context.Context
	cancel  context.CancelFunc

	device types.JID // AD JID, phone-number form; empty while pairing
	lid    types.JID // device LID

	out       chan outItem
	closing   atomic.Bool
	writerEnd chan struct{}
	finished  chan struct{}  // closed when teardown (including Go goroutines) is complete
	wg        sync.WaitGroup // goroutines started with Go

	iqSeq   atomic.Uint64
	waitMu  sync.Mutex
	waiters map[string]chan *waBinary.Node

	// active and flushed are guarded by the device lock (Server.devLock).
	active  bool
	flushed bool
}

type outItem struct {
	node *waBinary.Node
	// close ends the connection after node: when the client hangs up, or after closeGrace.
	close bool
	// linger is close with the longer lingerTimeout, for the 515 after which the client reconnects.
	linger bool
}

func newSession(s *Server, conn *wire.Conn, payload *waWa6.ClientPayload) *Session {
	ctx, cancel := context.WithCancel(s.ctx)
	return &Session{srv: s, conn: conn, payload: payload, ctx: ctx, cancel: cancel,
		out: make(chan outItem, sendQueueSize), writerEnd: make(chan struct{}), finished: make(chan struct{}), waiters: map[string]chan *waBinary.Node{}}
}

// Device is the AD JID this session is logged in as, and false on a registration socket.
func (sess *Session) Device() (types.JID, bool) { return sess.device, !sess.device.IsEmpty() }

// LID is the logged-in device's LID (with device number).
func (sess *Session) LID() types.JID { return sess.lid }

// Payload is the client's handshake payload (user agent, registration data for a pairing client).
func (sess *Session) Payload() *waWa6.ClientPayload { return sess.payload }

// ClientStatic is the Noise static key the client proved in the handshake.
func (sess *Session) ClientStatic() [32]byte { return sess.conn.ClientStatic() }

// Context ends when the connection ends.
func (sess *Session) Context() context.Context { return sess.ctx }

// Finished is closed once the connection is gone and every goroutine started with Go has returned.
func (sess *Session) Finished() <-chan struct{} { return sess.finished }

// Server is the server this session belongs to.
func (sess *Session) Server() *Server { return sess.srv }

// Send queues node for this connection without waiting for the write.
func (sess *Session) Send(node *waBinary.Node) error {
	return sess.enqueue(outItem{node: node})
}

// CloseWithStreamError writes a stream error and closes the connection.
func (sess *Session) CloseWithStreamError(node *waBinary.Node) { sess.closeWith(node) }

// StreamErrorLinger writes a stream error and leaves the connection open until the client closes it
// (or a timeout passes): the shape the 515 "restart after pairing" needs.
func (sess *Session) StreamErrorLinger(node *waBinary.Node) error {
	return sess.enqueue(outItem{node: node, linger: true})
}

// Go runs fn in a goroutine bound to the session: its context ends with the connection, and the
// connection's teardown waits for it.
func (sess *Session) Go(fn func(ctx context.Context)) {
	sess.wg.Add(1)
	go func() {
		defer sess.wg.Done()
		fn(sess.ctx)
	}()
}

// SendIQ sends a server-initiated iq (id assigned if missing) and waits for the client's result or error.
func (sess *Session) SendIQ(ctx context.Context, node *waBinary.Node) (*waBinary.Node, error) {
	if node.Attrs == nil {
		node.Attrs = waBinary.Attrs{}
	}
	id, _ := node.Attrs["id"].(string)
	if id == "" {
		id = "s" + strconv.FormatUint(sess.iqSeq.Add(1), 10)
		node.Attrs["id"] = id
	}
	ch := make(chan *waBinary.Node, 1)
	sess.waitMu.Lock()
	sess.waiters[id] = ch
	sess.waitMu.Unlock()
	defer func() {
		sess.waitMu.Lock()
		delete(sess.waiters, id)
		sess.waitMu.Unlock()
	}()
	if err := sess.Send(node); err != nil {
		return nil, err
	}
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("server: waiting for iq %s: %w", id, ctx.Err())
	case <-sess.ctx.Done():
		return nil, fmt.Errorf("server: waiting for iq %s: %w", id, ErrSessionClosed)
	}
}

// resolveWaiter hands a client's iq result/error to SendIQ; false if nobody waits for that id.
func (sess *Session) resolveWaiter(node *waBinary.Node) bool {
	id, _ := node.Attrs["id"].(string)
	sess.waitMu.Lock()
	ch, ok := sess.waiters[id]
	sess.waitMu.Unlock()
	if ok {
		ch <- node
	}
	return ok
}

func (sess *Session) enqueue(item outItem) error {
	if sess.closing.Load() || sess.ctx.Err() != nil {
		return ErrSessionClosed
	}
	select {
	case sess.out <- item:
		return nil
	default:
	}
	// A burst filled the queue: hold the producer (which slows the sender down) for a while before
	// giving up on a client that does not read.
	timer := time.NewTimer(slowClientTimeout)
	defer timer.Stop()
	select {
	case sess.out <- item:
		return nil
	case <-sess.ctx.Done():
		return ErrSessionClosed
	case <-timer.C:
		sess.srv.log.Warn("sim: client too slow, disconnecting", "device", sess.device)
		sess.cancel()
		return fmt.Errorf("server: send queue of %s stayed full: %w", sess.device, ErrSessionClosed)
	}
}

// closeWith writes node (if the queue has room) and then closes the connection.
func (sess *Session) closeWith(node *waBinary.Node) {
	if sess.closing.Swap(true) {
		return
	}
	select {
	case sess.out <- outItem{node: node, close: true}:
	default:
		sess.cancel()
	}
}

// writeLoop is the only writer of the connection, so stanzas go out in the order they were queued.
func (sess *Session) writeLoop() {
	defer close(sess.writerEnd)
	for {
		select {
		case <-sess.ctx.Done():
			return
		case item := <-sess.out:
			wctx, cancel := context.WithTimeout(sess.ctx, writeTimeout)
			err := sess.conn.WriteNode(wctx, item.node)
			cancel()
			if err != nil {
				sess.srv.log.Debug("sim: write failed", "device", sess.device, "err", err)
				sess.cancel()
				return
			}
			if item.close || item.linger {
				sess.closing.Store(true)
				wait := closeGrace
				if item.linger {
					wait = lingerTimeout
				}
				timer := time.NewTimer(wait)
				select {
				case <-sess.ctx.Done():
				case <-timer.C:
					_ = sess.conn.Close(websocket.StatusNormalClosure, "")
					sess.cancel()
				}
				timer.Stop()
				return
			}
		}
	}
}

// run serves the connection until it ends, then tears it down.
func (sess *Session) run(started func()) {
	go sess.writeLoop()
	if started != nil {
		started()
	}
	for {
		node, err := sess.conn.ReadNode(sess.ctx)
		if err != nil {
			if sess.ctx.Err() == nil {
				sess.srv.log.Debug("sim: connection ended", "device", sess.device, "err", err)
			}
			break
		}
		sess.srv.dispatch(sess, node)
	}
	sess.cancel()
	<-sess.writerEnd
	sess.wg.Wait()
	_ = sess.conn.CloseNow()
	sess.srv.unregister(sess)
	close(sess.finished)
}
