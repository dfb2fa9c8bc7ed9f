package groups

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/accounts"
)

// notify sends <notification type="w:gp2" from=group participant=actor notify=name>child</notification>
// to every device of every account in phones. Delivery goes through the offline queue, so members who
// are offline get it when they come back.
func (s *Service) notify(ctx context.Context, g *Group, phones []string, actor *accounts.Account, child waBinary.Node) error {
	id := make([]byte, 8)
	rand.Read(id)
	node := &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": g.JID(), "type": "w:gp2", "id": hex.EncodeToString(id), "t": time.Now().Unix(),
		"participant": actor.JID(),
	}, Content: []waBinary.Node{child}}
	if actor.Name != "" {
		node.Attrs["notify"] = actor.Name
	}
	return s.deliverToAccounts(ctx, phones, func() *waBinary.Node { return node })
}

// deliverToAccounts hands build() to every device of the given accounts (each phone once).
func (s *Service) deliverToAccounts(ctx context.Context, phones []string, build func() *waBinary.Node) error {
	seen := make(map[string]bool, len(phones))
	var firstErr error
	for _, phone := range phones {
		if seen[phone] {
			continue
		}
		seen[phone] = true
		devices, err := s.acc.Devices(phone)
		if err != nil {
			firstErr = firstError(firstErr, err)
			continue
		}
		for _, d := range devices {
			if err := s.deliver(ctx, d.JID(), build()); err != nil {
				firstErr = firstError(firstErr, fmt.Errorf("groups: deliver to %s: %w", d.JID(), err))
			}
		}
	}
	return firstErr
}

// firstError keeps the first error of a fan-out: one unreachable device must not stop delivery to the rest.
func firstError(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// participantsChild is <tag [reason]><participant jid lid/>…</tag> for a w:gp2 notification.
func (s *Service) participantsChild(tag, reason string, phones []string) (waBinary.Node, error) {
	n := waBinary.Node{Tag: tag}
	if reason != "" {
		n.Attrs = waBinary.Attrs{"reason": reason}
	}
	content := make([]waBinary.Node, 0, len(phones))
	for _, phone := range phones {
		p, err := s.participantNode(phone, RoleMember)
		if err != nil {
			return n, err
		}
		content = append(content, p)
	}
	n.Content = content
	return n, nil
}
