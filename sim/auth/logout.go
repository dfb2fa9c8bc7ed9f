package auth

import (
	"context"
	"errors"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// handleMD serves the md namespace for logged-in devices: remove-companion-device (logout).
func (p *Pairer) handleMD(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	rm, ok := iq.Node.GetOptionalChildByTag("remove-companion-device")
	if !ok {
		return waBinary.Node{}, server.ErrIQNotImplemented
	}
	target, ok := rm.Attrs["jid"].(types.JID)
	self, _ := iq.Session.Device()
	if !ok || target.User != self.User || target.Device == accounts.PhoneDevice {
		return waBinary.Node{}, server.ErrIQForbidden
	}
	// Answer first: the device that logs itself out waits for this result, then disconnects.
	iq.Answer(waBinary.Node{})
	err := p.srv.RemoveDevice(ctx, target, target.Device != self.Device)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return waBinary.Node{}, err
	}
	return waBinary.Node{}, nil
}
