package server

import (
	"context"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// OnRegistration sets what runs when a client without an account connects (pairing). It runs in a
// goroutine bound to the session; when it returns the connection stays open until the client leaves.
func (s *Server) OnRegistration(fn func(*Session)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.onRegister = fn
}

// OnLogin adds a hook run (on the connection's goroutine, before any stanza is read) after a device
// logged in and got its success.
func (s *Server) OnLogin(fn func(*Session)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.onLogin = append(s.onLogin, fn)
}

// OnActive adds a hook run after a device sent <active/> and its offline queue was flushed.
func (s *Server) OnActive(fn func(*Session)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.onActive = append(s.onActive, fn)
}

// OnClose adds a hook run after a device's live connection ended (not for replaced connections).
func (s *Server) OnClose(fn func(*Session)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.onClose = append(s.onClose, fn)
}

// DeviceChange reports devices added to or removed from one account.
type DeviceChange struct {
	Account types.JID // phone-number JID of the account
	Added   []types.JID
	Removed []types.JID
}

// OnDevicesChanged adds a hook run after AddDevice or RemoveDevice.
func (s *Server) OnDevicesChanged(fn func(ctx context.Context, change DeviceChange)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.onDevices = append(s.onDevices, fn)
}

// SetPhoneSink sets where stanzas delivered to a virtual phone (device 0) go.
func (s *Server) SetPhoneSink(fn func(ctx context.Context, phone types.JID, node *waBinary.Node)) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.phoneSink = fn
}
