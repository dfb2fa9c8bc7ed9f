package server

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/offline"
)

// ErrBadRequest marks errors caused by a malformed stanza from the client.
var ErrBadRequest = errors.New("bad request")

// IQError is a protocol error answer: <iq type="error"><error code text/></iq>.
type IQError struct {
	Code int
	Text string
}

func (e *IQError) Error() string { return fmt.Sprintf("iq error %d %s", e.Code, e.Text) }

// Common iq errors, with the texts WhatsApp uses.
var (
	ErrIQBadRequest     = &IQError{400, "bad-request"}
	ErrIQNotAuthorized  = &IQError{401, "not-authorized"}
	ErrIQForbidden      = &IQError{403, "forbidden"}
	ErrIQNotFound       = &IQError{404, "item-not-found"}
	ErrIQNotAcceptable  = &IQError{406, "not-acceptable"}
	ErrIQInternal       = &IQError{500, "internal-server-error"}
	ErrIQNotImplemented = &IQError{501, "feature-not-implemented"}
)

// BadRequest returns a 400 iq error with a specific text.
func BadRequest(format string, args ...any) *IQError {
	return &IQError{Code: 400, Text: fmt.Sprintf(format, args...)}
}

// IQ is one iq request from a client.
type IQ struct {
	Session  *Session
	Node     *waBinary.Node
	ID       string
	Type     string // get or set
	XMLNS    string
	answered atomic.Bool
}

// Answer sends the reply now instead of when the handler returns (for handlers that must send more
// after the result, like the offline flush after <active/>). The handler's own return is then ignored.
func (iq *IQ) Answer(result waBinary.Node) {
	if iq.answered.Swap(true) {
		return
	}
	_ = iq.Session.Send(iq.result(result))
}

func (iq *IQ) result(result waBinary.Node) *waBinary.Node {
	attrs := waBinary.Attrs{}
	for k, v := range result.Attrs {
		attrs[k] = v
	}
	attrs["id"] = iq.ID
	attrs["type"] = "result"
	if _, ok := attrs["from"]; !ok {
		attrs["from"] = types.ServerJID
	}
	return &waBinary.Node{Tag: "iq", Attrs: attrs, Content: result.Content}
}

func (iq *IQ) fail(e *IQError) {
	if iq.answered.Swap(true) {
		return
	}
	_ = iq.Session.Send(&waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": iq.ID, "type": "error", "from": types.ServerJID},
		Content: []waBinary.Node{{Tag: "error", Attrs: waBinary.Attrs{"code": e.Code, "text": e.Text}}}})
}

// IQHandler answers an iq: it returns the result's attributes and content, or an error.
type IQHandler func(ctx context.Context, iq *IQ) (waBinary.Node, error)

// StanzaHandler handles a top-level stanza other than iq.
type StanzaHandler func(ctx context.Context, sess *Session, node *waBinary.Node) error

// HandleIQ registers the handler of an iq namespace for logged-in devices.
func (s *Server) HandleIQ(xmlns string, fn IQHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.iqs[xmlns] = fn
}

// HandleUnpairedIQ registers the handler of an iq namespace on registration sockets (pairing).
func (s *Server) HandleUnpairedIQ(xmlns string, fn IQHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.unpairedIQs[xmlns] = fn
}

// HandleStanza registers the handler of a top-level tag (message, receipt, presence, chatstate, ...)
// from logged-in devices. For ack and receipt, the server has already removed the acknowledged stanza
// from the device's offline queue when the handler runs.
func (s *Server) HandleStanza(tag string, fn StanzaHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.stanzas[tag] = fn
}

// dispatch routes one stanza from a client. It runs on the connection's read goroutine, so stanzas of
// one connection are handled in order; handlers that wait for the client must use Session.Go.
func (s *Server) dispatch(sess *Session, node *waBinary.Node) {
	defer func() {
		// A handler bug must cost this connection, not the whole simulator.
		if r := recover(); r != nil {
			s.log.Error("sim: handler panic", "tag", node.Tag, "device", sess.device, "panic", r)
			sess.closeWith(&waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "500"}})
		}
	}()
	if sess.closing.Load() {
		return // a replaced or refused connection gets no more service while it winds down
	}
	if node.Tag == "iq" {
		s.dispatchIQ(sess, node)
		return
	}
	dev, loggedIn := sess.Device()
	if !loggedIn {
		return // a pairing socket only speaks iq
	}
	if node.Tag == "ack" || node.Tag == "receipt" {
		if key, ok := offline.AckKeyOfAck(*node); ok {
			if _, err := s.queue.Remove(dev, key); err != nil {
				s.log.Error("sim: offline queue", "device", dev, "err", err)
			}
		}
	}
	fn := s.stanzaHandler(node)
	if fn == nil {
		return // whatsmeow and Baileys send some telemetry (ib, ...) that needs no answer
	}
	if err := fn(sess.ctx, sess, node); err != nil {
		id, _ := node.Attrs["id"].(string)
		code := 500
		if errors.Is(err, ErrBadRequest) {
			code = 400
			s.log.Debug("sim: bad stanza", "tag", node.Tag, "device", dev, "err", err)
		} else {
			s.log.Error("sim: stanza handler", "tag", node.Tag, "device", dev, "err", err)
		}
		if id != "" && node.Tag != "ack" {
			_ = sess.Send(&waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"id": id, "class": node.Tag,
				"from": types.ServerJID, "error": code}})
		}
	}
}

func (s *Server) dispatchIQ(sess *Session, node *waBinary.Node) {
	ag := node.AttrGetter()
	iq := &IQ{Session: sess, Node: node, ID: ag.OptionalString("id"), Type: ag.OptionalString("type"),
		XMLNS: ag.OptionalString("xmlns")}
	switch iq.Type {
	case "result", "error":
		sess.resolveWaiter(node)
		return
	case "get", "set":
	default:
		if iq.ID == "" {
			return // nothing to answer to
		}
		iq.fail(BadRequest("iq type %q", iq.Type))
		return
	}
	if iq.ID == "" {
		s.log.Debug("sim: iq without id ignored", "xmlns", iq.XMLNS)
		return
	}
	_, loggedIn := sess.Device()
	s.hmu.RLock()
	fn := s.unpairedIQs[iq.XMLNS]
	if loggedIn {
		fn = s.iqs[iq.XMLNS]
	}
	withheld := loggedIn && s.withheld[iq.XMLNS] > 0
	s.hmu.RUnlock()
	if withheld {
		s.log.Debug("sim: iq withheld", "xmlns", iq.XMLNS, "device", sess.device)
		return
	}
	if fn == nil {
		if loggedIn {
			iq.fail(ErrIQNotImplemented)
		} else {
			iq.fail(ErrIQNotAuthorized)
		}
		return
	}
	result, err := fn(sess.ctx, iq)
	if err != nil {
		var iqe *IQError
		if !errors.As(err, &iqe) {
			s.log.Error("sim: iq handler", "xmlns", iq.XMLNS, "device", sess.device, "err", err)
			iqe = ErrIQInternal
		}
		iq.fail(iqe)
		return
	}
	iq.Answer(result)
}
