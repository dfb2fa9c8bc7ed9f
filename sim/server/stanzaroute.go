package server

import (
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// HandleStanzaTo registers the handler of a top-level tag addressed to one JID server (the "to"
// attribute), e.g. messages and receipts to groups ("g.us"). It takes precedence over HandleStanza's
// handler of the same tag, so group features can plug in beside the 1:1 relay.
func (s *Server) HandleStanzaTo(tag, toServer string, fn StanzaHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.stanzas[tag+"\x00"+toServer] = fn
}

// HandleStanzaType registers the handler of a top-level tag with one "type" attribute, e.g. the
// server-error receipts that ask for a media re-upload. It takes precedence over the handlers of
// HandleStanzaTo and HandleStanza, so a feature can claim one kind of stanza the relay also sees.
func (s *Server) HandleStanzaType(tag, typ string, fn StanzaHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.stanzas[tag+"\x01"+typ] = fn
}

// stanzaHandler picks the handler for node: by tag and type first, then by tag and destination
// server, then by tag alone.
func (s *Server) stanzaHandler(node *waBinary.Node) StanzaHandler {
	s.hmu.RLock()
	defer s.hmu.RUnlock()
	if typ, ok := node.Attrs["type"].(string); ok {
		if fn := s.stanzas[node.Tag+"\x01"+typ]; fn != nil {
			return fn
		}
	}
	if jid, ok := node.Attrs["to"].(types.JID); ok {
		if fn := s.stanzas[node.Tag+"\x00"+jid.Server]; fn != nil {
			return fn
		}
	}
	return s.stanzas[node.Tag]
}
