package server

import (
	"context"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
)

// AddDevice registers a companion with the account d.Phone and tells the OnDevicesChanged hooks.
func (s *Server) AddDevice(ctx context.Context, d accounts.Device) (*accounts.Device, error) {
	dev, err := s.accounts.AddDevice(d)
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, DeviceChange{Account: types.NewJID(d.Phone, types.DefaultUserServer), Added: []types.JID{dev.JID()}})
	return dev, nil
}

// RemoveDevice deletes a companion, drops its offline queue and, if it is connected, disconnects it with
// stream error 401 device_removed (whatsmeow then reports LoggedOut and deletes its store).
func (s *Server) RemoveDevice(ctx context.Context, dev types.JID) error {
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
	if sess := s.Session(dev); sess != nil {
		sess.closeWith(&waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "401"},
			Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "device_removed"}}}})
	}
	s.devicesChanged(ctx, DeviceChange{Account: dev.ToNonAD(), Removed: []types.JID{dev}})
	return nil
}

func (s *Server) devicesChanged(ctx context.Context, change DeviceChange) {
	s.hmu.RLock()
	hooks := s.onDevices
	s.hmu.RUnlock()
	for _, fn := range hooks {
		fn(ctx, change)
	}
}
