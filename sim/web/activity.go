package web

import (
	"sync"

	"github.com/botrt/botrt/sim/people"
)

// activityBacklog bounds the receipts and typing events kept for streams that are behind.
const activityBacklog = 1000

// maxStatuses bounds the remembered ticks per person; beyond it the oldest are forgotten (they show
// as sent).
const maxStatuses = 10000

// activity is a receipt or typing event for the stream of one person.
type activity struct {
	phone string
	kind  string // "status" or "typing"
	data  any    // statusEvent or typingEvent
}

// statusEvent is the SSE "status" event: messages the person sent were delivered, read or played.
type statusEvent struct {
	Chat  string   `json:"chat"`
	From  string   `json:"from"`
	IDs   []string `json:"ids"`
	State string   `json:"state"`
}

// typingEvent is the SSE "typing" event: someone composes, records or paused in one of the person's chats.
type typingEvent struct {
	Chat  string `json:"chat"`
	From  string `json:"from"`
	State string `json:"state"`
}

// stateRank orders receipts: a message read is not shown as merely delivered by a later receipt.
var stateRank = map[string]int{"delivered": 1, "read": 2, "played": 3}

// statuses remembers the best receipt of each message people sent, for pages opened later.
type statuses struct {
	mu    sync.Mutex
	byID  map[string]map[string]statusEvent // phone → message id → status
	order map[string][]string               // phone → ids in arrival order, to forget the oldest
}

func newStatuses() *statuses {
	return &statuses{byID: map[string]map[string]statusEvent{}, order: map[string][]string{}}
}

func (s *statuses) record(phone string, st statusEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.byID[phone]
	if m == nil {
		m = map[string]statusEvent{}
		s.byID[phone] = m
	}
	for _, id := range st.IDs {
		old, seen := m[id]
		if seen && stateRank[old.State] >= stateRank[st.State] {
			continue
		}
		m[id] = statusEvent{Chat: st.Chat, From: st.From, IDs: []string{id}, State: st.State}
		if !seen {
			s.order[phone] = append(s.order[phone], id)
			if len(s.order[phone]) > maxStatuses {
				delete(m, s.order[phone][0])
				s.order[phone] = s.order[phone][1:]
			}
		}
	}
}

// of returns the remembered statuses of phone's messages.
func (s *statuses) of(phone string) []statusEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]statusEvent, 0, len(s.byID[phone]))
	for _, id := range s.order[phone] {
		out = append(out, s.byID[phone][id])
	}
	return out
}

// observe takes the people's receipts and chat states (on their event goroutines; must not block).
func (w *Web) observe(v any) {
	var a activity
	switch e := v.(type) {
	case people.Status:
		st := statusEvent{Chat: e.Chat, From: e.From, IDs: e.IDs, State: e.State}
		w.statuses.record(e.Phone, st)
		a = activity{phone: e.Phone, kind: "status", data: st}
	case people.Typing:
		a = activity{phone: e.Phone, kind: "typing", data: typingEvent{Chat: e.Chat, From: e.From, State: e.State}}
	default:
		return
	}
	w.activity.add(func(uint64) activity { return a })
}
