package web

import (
	"sync"
	"time"
)

// logBacklog is how many recent entries a newly opened page is shown.
const logBacklog = 500

// Entry kinds.
const (
	KindLog    = "log"    // a line the bot printed
	KindReload = "reload" // the runtime (re)loaded, failed to load, crashed or stopped a bot
)

// Entry is one line of the page's bot panel.
type Entry struct {
	// Seq numbers the entries in publishing order (set by Publish); pages use it to drop repeats after
	// a reconnect replays the backlog.
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	Bot  string    `json:"bot"`
	// Kind is KindLog or KindReload.
	Kind string `json:"kind"`
	// Level is debug, info, warn or error.
	Level string `json:"level"`
	Text  string `json:"text"`
	// File and Line locate an error in the bot's sources, when known.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// logHub keeps the recent entries and wakes the streams that show them.
type logHub struct {
	mu      sync.Mutex
	max     int
	entries []Entry // the newest max entries
	seq     uint64  // sequence number of the newest entry
	notify  chan struct{}
}

func newLogHub(max int) *logHub { return &logHub{max: max, notify: make(chan struct{})} }

// Publish adds e to the bot panel of every open page (and of pages opened later, up to the backlog).
// A zero Time is set to now, an empty Kind to KindLog and an empty Level to info.
func (w *Web) Publish(e Entry) { w.log.publish(e) }

func (h *logHub) publish(e Entry) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Kind == "" {
		e.Kind = KindLog
	}
	if e.Level == "" {
		e.Level = "info"
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.entries) == h.max {
		copy(h.entries, h.entries[1:])
		h.entries = h.entries[:h.max-1]
	}
	h.seq++
	e.Seq = h.seq
	h.entries = append(h.entries, e)
	close(h.notify)
	h.notify = make(chan struct{})
}

// since returns the entries after sequence number seq (those still kept), the newest sequence number,
// and a channel closed when the next entry arrives.
func (h *logHub) since(seq uint64) ([]Entry, uint64, <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.seq - seq
	if n > uint64(len(h.entries)) {
		n = uint64(len(h.entries))
	}
	out := append([]Entry(nil), h.entries[uint64(len(h.entries))-n:]...)
	return out, h.seq, h.notify
}
