package people

import (
	"sync"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// Status is a receipt a person got for messages it sent: delivered, read or played.
type Status struct {
	Phone string   // the person
	Chat  string   // the user or group the messages went to (phone-number JIDs)
	From  string   // who delivered or read them
	IDs   []string // the person's message ids
	State string   // delivered, read or played
}

// Typing is a chat state a person got: someone composing, recording or pausing in a chat.
type Typing struct {
	Phone string // the person
	Chat  string // the user or group (phone-number JIDs)
	From  string // who types
	State string // composing, recording or paused
}

// observers are told about the receipts and chat states people get; they are not stored, so a page
// that wants them must be watching.
type observers struct {
	mu  sync.RWMutex
	fns []func(any)
}

// Observe adds fn, called with a Status or a Typing as people get them, on the person's event
// goroutine: fn must not block.
func (s *Service) Observe(fn func(any)) {
	s.obs.mu.Lock()
	defer s.obs.mu.Unlock()
	s.obs.fns = append(s.obs.fns, fn)
}

func (s *Service) tell(v any) {
	s.obs.mu.RLock()
	defer s.obs.mu.RUnlock()
	for _, fn := range s.obs.fns {
		fn(v)
	}
}

// observe turns whatsmeow's receipt and chat presence events into Status and Typing.
func (p *person) observe(evt any) {
	s := p.svc
	switch e := evt.(type) {
	case *events.Receipt:
		if !e.IsFromMe && len(e.MessageIDs) > 0 {
			state := ""
			switch e.Type {
			case types.ReceiptTypeDelivered, types.ReceiptTypeInactive: // inactive: delivered to a client not marked online
				state = "delivered"
			case types.ReceiptTypeRead:
				state = "read"
			case types.ReceiptTypePlayed:
				state = "played"
			default:
				return // retries, server errors and the person's own devices' receipts show nothing
			}
			s.tell(Status{Phone: p.rec.Phone, Chat: s.resolve(e.Chat).String(), From: s.resolve(e.Sender).String(),
				IDs: e.MessageIDs, State: state})
		}
	case *events.ChatPresence:
		state := string(e.State)
		if e.State == types.ChatPresenceComposing && e.Media == types.ChatPresenceMediaAudio {
			state = "recording"
		}
		s.tell(Typing{Phone: p.rec.Phone, Chat: s.resolve(e.Chat).String(), From: s.resolve(e.Sender).String(), State: state})
	}
}
