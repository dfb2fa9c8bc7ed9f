package groups

import (
	"context"
	"errors"
	"fmt"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// handleMessage fans a group message out to every member device. The sender lists, per device, an <enc>
// carrying its sender key (pkmsg/msg) and adds one <enc type="skmsg"> for everyone; each device gets its
// own envelope followed by the shared parts. A message with a participant attribute is a retry meant for
// that one device.
func (s *Service) handleMessage(ctx context.Context, sess *server.Session, node *waBinary.Node) error {
	dev, _ := sess.Device()
	id, _ := node.Attrs["id"].(string)
	to, _ := node.Attrs["to"].(types.JID)
	if id == "" {
		return fmt.Errorf("%w: group message without id", server.ErrBadRequest)
	}
	sender, err := s.acc.Resolve(dev)
	if err != nil {
		return err
	}
	g, err := s.Get(to)
	if errors.Is(err, ErrNotFound) {
		return s.ackMessage(sess, id, to, codeNotFound)
	} else if err != nil {
		return err
	}
	me, ok := g.member(sender.Phone)
	if !ok || g.Announce && !me.IsAdmin() {
		return s.ackMessage(sess, id, to, codeForbidden)
	}

	perDevice, shared, identity, err := s.splitEnvelopes(node)
	if err != nil {
		return err
	}
	attrs := waBinary.Attrs{
		"from": g.JID(), "id": id, "t": time.Now().Unix(),
		"participant": dev, "participant_lid": sender.LIDJID(), // WhatsApp's *_lid attributes name no device
		"addressing_mode": addressingMode,
	}
	for _, k := range []string{"type", "edit", "category"} {
		if v, ok := node.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	if sender.Name != "" {
		attrs["notify"] = sender.Name
	}
	targets, err := s.memberDevices(g, node, dev)
	if err != nil {
		return err
	}
	var firstErr error
	for _, target := range targets {
		content := perDevice[target]
		if len(content) == 0 && len(shared) == 0 {
			continue // nothing this device could decrypt
		}
		if identity != nil && hasPreKeyMessage(content) {
			content = append(content, *identity)
		}
		content = append(content, shared...)
		out := &waBinary.Node{Tag: "message", Attrs: cloneAttrs(attrs), Content: content}
		if err := s.deliver(ctx, target, out); err != nil {
			firstErr = firstError(firstErr, fmt.Errorf("groups: deliver %s to %s: %w", id, target, err))
		}
	}
	if firstErr != nil {
		return firstErr // the dispatcher acks with error 500, so the sender knows
	}
	return s.ackMessage(sess, id, to, 0)
}

// splitEnvelopes sorts a group message's children: per-device envelopes (by phone-form device JID), the
// parts every device gets (the skmsg and anything else), and the sender's device identity.
func (s *Service) splitEnvelopes(node *waBinary.Node) (perDevice map[types.JID][]waBinary.Node, shared []waBinary.Node, identity *waBinary.Node, err error) {
	perDevice = map[types.JID][]waBinary.Node{}
	retryTarget, isRetry := node.Attrs["participant"].(types.JID)
	for _, c := range node.GetChildren() {
		switch {
		case c.Tag == "participants":
			for _, t := range c.GetChildrenByTag("to") {
				jid, ok := t.Attrs["jid"].(types.JID)
				if !ok {
					return nil, nil, nil, fmt.Errorf("%w: <to> without jid", server.ErrBadRequest)
				}
				dev, err := s.phoneDevice(jid)
				if err != nil {
					continue // not an account (any more): nobody to deliver to
				}
				perDevice[dev] = append(perDevice[dev], t.GetChildren()...)
			}
		case c.Tag == "device-identity":
			identity = &c
		case isRetry && c.Tag == "enc" && c.Attrs["type"] != "skmsg":
			dev, err := s.phoneDevice(retryTarget)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%w: retry for unknown device %s", server.ErrBadRequest, retryTarget)
			}
			perDevice[dev] = append(perDevice[dev], c)
		default:
			shared = append(shared, c)
		}
	}
	return perDevice, shared, identity, nil
}

// memberDevices lists the devices a group message goes to: every device of every member except the
// sending one, or only the retry target.
func (s *Service) memberDevices(g *Group, node *waBinary.Node, from types.JID) ([]types.JID, error) {
	if target, ok := node.Attrs["participant"].(types.JID); ok {
		dev, err := s.phoneDevice(target)
		if err != nil {
			return nil, fmt.Errorf("%w: retry for unknown device %s", server.ErrBadRequest, target)
		}
		if _, member := g.member(dev.User); !member {
			return nil, nil
		}
		return []types.JID{dev}, nil
	}
	var out []types.JID
	for _, p := range g.Participants {
		devices, err := s.acc.Devices(p.Phone)
		if err != nil {
			return nil, err
		}
		for _, d := range devices {
			if j := d.JID(); j != from {
				out = append(out, j)
			}
		}
	}
	return out, nil
}

// handleReceipt forwards a member's receipt for a group message to the devices of the message's sender,
// with the reader as participant. A retry receipt goes only to the device that sent the message.
func (s *Service) handleReceipt(ctx context.Context, sess *server.Session, node *waBinary.Node) error {
	reader, _ := sess.Device()
	id, _ := node.Attrs["id"].(string)
	to, _ := node.Attrs["to"].(types.JID)
	senderJID, ok := node.Attrs["participant"].(types.JID)
	if id == "" || !ok {
		return fmt.Errorf("%w: group receipt needs id and participant", server.ErrBadRequest)
	}
	g, err := s.Get(to)
	if errors.Is(err, ErrNotFound) {
		return nil // the group is gone; nobody to tell
	} else if err != nil {
		return err
	}
	if _, member := g.member(reader.User); !member {
		return nil
	}
	sender, err := s.acc.Resolve(senderJID)
	if errors.Is(err, accounts.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	attrs := waBinary.Attrs{"from": g.JID(), "participant": reader, "id": id, "t": time.Now().Unix()}
	typ, _ := node.Attrs["type"].(string)
	if typ != "" {
		attrs["type"] = typ
	}
	var targets []types.JID
	if typ == "retry" {
		targets = []types.JID{sender.DeviceJID(senderJID.Device)}
	} else {
		devices, err := s.acc.Devices(sender.Phone)
		if err != nil {
			return err
		}
		for _, d := range devices {
			if d.JID() != reader {
				targets = append(targets, d.JID())
			}
		}
	}
	var firstErr error
	for _, t := range targets {
		out := &waBinary.Node{Tag: "receipt", Attrs: cloneAttrs(attrs), Content: node.Content}
		if err := s.deliver(ctx, t, out); err != nil {
			firstErr = firstError(firstErr, fmt.Errorf("groups: receipt %s to %s: %w", id, t, err))
		}
	}
	return firstErr
}

// deliver hands node to a device; a device removed since the member list was read is skipped, as
// WhatsApp does, while any other failure (the queue could not store it) is the caller's error.
func (s *Service) deliver(ctx context.Context, dev types.JID, node *waBinary.Node) error {
	if err := s.srv.Deliver(ctx, dev, node); err != nil && !errors.Is(err, server.ErrUnknownDevice) {
		return err
	}
	return nil
}

// ackMessage answers the sender; whatsmeow's SendMessage returns when it arrives, with code as error.
func (s *Service) ackMessage(sess *server.Session, id string, group types.JID, code int) error {
	attrs := waBinary.Attrs{"class": "message", "id": id, "from": group, "t": time.Now().Unix()}
	if code != 0 {
		attrs["error"] = code
	}
	return sess.Send(&waBinary.Node{Tag: "ack", Attrs: attrs})
}

// phoneDevice maps a device JID in either addressing form to the phone-number form devices are keyed by.
func (s *Service) phoneDevice(jid types.JID) (types.JID, error) {
	if jid.Server == types.DefaultUserServer {
		return types.JID{User: jid.User, Server: jid.Server, Device: jid.Device}, nil
	}
	acct, err := s.acc.Resolve(jid)
	if err != nil {
		return types.JID{}, err
	}
	return acct.DeviceJID(jid.Device), nil
}

func hasPreKeyMessage(encs []waBinary.Node) bool {
	for _, e := range encs {
		if e.Tag == "enc" && e.Attrs["type"] == "pkmsg" {
			return true
		}
	}
	return false
}

func cloneAttrs(a waBinary.Attrs) waBinary.Attrs {
	c := make(waBinary.Attrs, len(a))
	for k, v := range a {
		c[k] = v
	}
	return c
}
