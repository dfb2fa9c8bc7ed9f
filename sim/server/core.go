package server

import (
	"context"

	waBinary "go.mau.fi/whatsmeow/binary"
)

// registerCore installs the iqs every connection needs regardless of features: keepalive, the
// passive/active switch that gates the offline flush, and the A/B properties clients ask for at login.
func (s *Server) registerCore() {
	ping := func(ctx context.Context, iq *IQ) (waBinary.Node, error) { return waBinary.Node{}, nil }
	s.HandleIQ("w:p", ping)
	s.HandleUnpairedIQ("w:p", ping)
	s.HandleIQ("passive", s.handlePassive)
	s.HandleIQ("abt", handleProps)
	s.HandleIQ("w", handleProps)
}

func (s *Server) handlePassive(ctx context.Context, iq *IQ) (waBinary.Node, error) {
	children := iq.Node.GetChildren()
	if len(children) != 1 {
		return waBinary.Node{}, BadRequest("passive iq needs exactly one child")
	}
	switch children[0].Tag {
	case "passive":
		s.setPassive(iq.Session)
		return waBinary.Node{}, nil
	case "active":
		// The result must precede the flushed stanzas: whatsmeow reports Connected on the result.
		iq.Answer(waBinary.Node{})
		if err := s.flushOffline(iq.Session); err != nil {
			s.log.Error("sim: offline flush", "device", iq.Session.device, "err", err)
			return waBinary.Node{}, nil
		}
		s.hmu.RLock()
		hooks := s.onActive
		s.hmu.RUnlock()
		for _, fn := range hooks {
			fn(iq.Session)
		}
		return waBinary.Node{}, nil
	default:
		return waBinary.Node{}, BadRequest("unknown passive child %q", children[0].Tag)
	}
}
