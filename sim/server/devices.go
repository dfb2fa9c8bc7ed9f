package server

import (
	"context"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// RemoveDevice deletes a companion and drops its offline queue. If kick is set and the device is
// connected, it is disconnected with stream error 401 device_removed (whatsmeow then reports LoggedOut
// and deletes its store); a device that logs itself out closes its own connection instead.
func (s *Server) RemoveDevice(ctx context.Context, dev types.JID, kick bool) error {
	dev, err := s.phoneForm(dev)
	if err != nil {
		return err
	}
	if err := s.accounts.RemoveDevice(dev); err != nil {
		return err
	}
	mu := s.devLock(dev)
	mu.Lock()
	err = s.queue.Purge(dev)
	mu.Unlock()
	if err != nil {
		return fmt.Errorf("server: remove device %s: %w", dev, err)
	}
	if sess := s.Session(dev); sess != nil && kick {
		sess.closeWith(&waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "401"},
			Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "device_removed"}}}})
	}
	s.DevicesChanged(ctx, DeviceChange{Account: dev.ToNonAD(), Removed: []types.JID{dev}})
	return nil
}

// DevicesChanged runs the OnDevicesChanged hooks; pairing calls it once a new companion is confirmed.
func (s *Server) DevicesChanged(ctx context.Context, change DeviceChange) {
	s.hmu.RLock()
	hooks := s.onDevices
	s.hmu.RUnlock()
	for _, fn := range hooks {
		fn(ctx, change)
	}
}
