package calls

import (
	"context"
	"errors"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// handleCall takes a client's <call to=peer id><reject|accept|terminate|… call-id call-creator/></call>
// (whatsmeow's RejectCall, Baileys' rejectCall, which waits for the ack): it updates the call, forwards
// the child to the peer's devices and acks the stanza.
func (s *Service) handleCall(ctx context.Context, sess *server.Session, node *waBinary.Node) error {
	dev, _ := sess.Device()
	id, _ := node.Attrs["id"].(string)
	children := node.GetChildren()
	if id == "" || len(children) != 1 {
		return fmt.Errorf("%w: call stanza needs an id and exactly one child", server.ErrBadRequest)
	}
	child := children[0]
	callID, _ := child.Attrs["call-id"].(string)
	if callID == "" {
		return fmt.Errorf("%w: <%s> without call-id", server.ErrBadRequest, child.Tag)
	}
	if err := s.apply(ctx, dev, child); err != nil {
		return err
	}
	return sess.Send(&waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"id": id, "class": "call",
		"type": child.Tag, "from": types.ServerJID}})
}

// apply records what a device did to a call and tells the other party; the caller's own devices learn
// that one of them ended it, the callee's that the call was answered elsewhere.
func (s *Service) apply(ctx context.Context, dev types.JID, child waBinary.Node) error {
	callID := child.Attrs["call-id"].(string)
	call, err := s.Get(callID)
	if errors.Is(err, ErrUnknownCall) {
		return fmt.Errorf("%w: %s for unknown call %s", server.ErrBadRequest, child.Tag, callID)
	}
	var peer types.JID
	switch dev.User {
	case call.Callee.User:
		peer = call.Caller
	case call.Caller.User:
		peer = call.Callee
	default:
		return fmt.Errorf("%w: %s is not part of call %s", server.ErrBadRequest, dev, callID)
	}
	switch child.Tag {
	case "reject":
		if dev.User != call.Callee.User {
			return fmt.Errorf("%w: only the callee rejects a call", server.ErrBadRequest)
		}
		if _, err := s.end(callID, StateRejected, dev); err != nil {
			return fmt.Errorf("%w: %w", server.ErrBadRequest, err)
		}
	case "terminate":
		if _, err := s.end(callID, StateTerminated, dev); err != nil {
			return fmt.Errorf("%w: %w", server.ErrBadRequest, err)
		}
	case "accept":
		s.mu.Lock()
		c := s.calls[callID]
		if c.State == StateRinging {
			c.State, c.By = StateAccepted, dev
		}
		s.mu.Unlock()
	case "preaccept", "transport", "relaylatency":
		// Signalling the peer needs, with no state of its own here.
	default:
		return fmt.Errorf("%w: call <%s> is not supported by the simulator", server.ErrBadRequest, child.Tag)
	}
	fwd := waBinary.Node{Tag: child.Tag, Attrs: waBinary.Attrs{}, Content: child.Content}
	for k, v := range child.Attrs {
		fwd.Attrs[k] = v
	}
	s.forward(ctx, dev, peer.User, types.EmptyJID, fwd, nil)
	// The account's other devices stop ringing (or learn the call ended).
	s.forward(ctx, dev, dev.User, dev, fwd, nil)
	return nil
}
