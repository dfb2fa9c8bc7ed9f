package presence

import (
	"context"
	"errors"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/server"
)

// chatStates are the children a <chatstate> may carry (recording is how some clients say audio
// composing; whatsmeow sends composing with media="audio").
var chatStates = map[string]bool{"composing": true, "paused": true, "recording": true}

// handleChatState relays <chatstate to=peer|group><composing|paused|recording/></chatstate>: to a peer's
// connected devices as from=sender, or to every other member of a group as from=group participant=sender.
func (s *Service) handleChatState(ctx context.Context, sess *server.Session, node *waBinary.Node) error {
	dev, _ := sess.Device()
	to, ok := node.Attrs["to"].(types.JID)
	children := node.GetChildren()
	if !ok || len(children) != 1 || !chatStates[children[0].Tag] {
		return fmt.Errorf("%w: chatstate needs a JID to and one of composing, paused, recording", server.ErrBadRequest)
	}
	sender, err := s.acc.Resolve(dev)
	if err != nil {
		return err
	}
	state := waBinary.Node{Tag: children[0].Tag, Attrs: children[0].Attrs}

	switch to.Server {
	case types.GroupServer:
		if s.groups == nil {
			return errors.New("presence: chat states to groups need the groups service, registered without it")
		}
		g, err := s.groups.Get(to)
		if errors.Is(err, groups.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if !g.HasMember(sender.Phone) {
			return nil // only members may type into a group
		}
		for _, phone := range g.MemberPhones() {
			if phone == sender.Phone {
				continue
			}
			s.sendToAccount(phone, &waBinary.Node{Tag: "chatstate",
				Attrs: waBinary.Attrs{"from": to, "participant": sender.JID()}, Content: []waBinary.Node{state}})
		}
		return nil
	case types.DefaultUserServer, types.HiddenUserServer:
		peer, err := s.acc.Resolve(to)
		if errors.Is(err, accounts.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		// Answer in the addressing the sender used, so the peer files it under the same chat.
		from := sender.JID()
		if to.Server == types.HiddenUserServer {
			from = sender.LIDJID()
		}
		s.sendToAccount(peer.Phone, &waBinary.Node{Tag: "chatstate", Attrs: waBinary.Attrs{"from": from},
			Content: []waBinary.Node{state}})
		return nil
	}
	return fmt.Errorf("%w: chatstate to %s", server.ErrBadRequest, to)
}

// sendToAccount writes node to every connected device of the account.
func (s *Service) sendToAccount(phone string, node *waBinary.Node) {
	for _, sess := range s.srv.Sessions(types.NewJID(phone, types.DefaultUserServer)) {
		_ = sess.Send(node) // best effort
	}
}
