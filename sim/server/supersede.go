package server

import (
	"context"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/offline"
)

// DeliverSuperseding is Deliver for a stanza that replaces an earlier one with the same acknowledgement
// key still waiting for the device (Deliver would drop the new one as a duplicate): a phone's answer to
// a second media retry for the same message, for instance, whose notification carries the message id
// as the first answer did.
func (s *Server) DeliverSuperseding(ctx context.Context, dev types.JID, node *waBinary.Node) error {
	pdev, err := s.phoneForm(dev)
	if err != nil {
		return err
	}
	if pdev.Device != accounts.PhoneDevice {
		mu := s.devLock(pdev)
		mu.Lock()
		_, err := s.queue.Remove(pdev, offline.AckKey(*node))
		mu.Unlock()
		if err != nil {
			return fmt.Errorf("server: drop the superseded stanza of %s: %w", pdev, err)
		}
	}
	return s.Deliver(ctx, dev, node)
}
