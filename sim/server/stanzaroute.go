package server

import "go.mau.fi/whatsmeow/types"

// HandleStanzaTo registers the handler of a top-level tag addressed to one JID server (the "to"
// attribute), e.g. messages and receipts to groups ("g.us"). It takes precedence over HandleStanza's
// handler of the same tag, so group features can plug in beside the 1:1 relay.
func (s *Server) HandleStanzaTo(tag, toServer string, fn StanzaHandler) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.stanzas[tag+"\x00"+toServer] = fn
}

// stanzaHandler picks the handler for node: by tag and destination server first, then by tag alone.
func (s *Server) stanzaHandler(tag string, to any) StanzaHandler {
	s.hmu.RLock()
	defer s.hmu.RUnlock()
	if jid, ok := to.(types.JID); ok {
		if fn := s.stanzas[tag+"\x00"+jid.Server]; fn != nil {
			return fn
		}
	}
	return s.stanzas[tag]
}
