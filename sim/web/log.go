package web

import "time"

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

// Publish adds e to the bot panel of every open page (and of pages opened later, up to the backlog).
// A zero Time is set to now, an empty Kind to KindLog and an empty Level to info.
func (w *Web) Publish(e Entry) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Kind == "" {
		e.Kind = KindLog
	}
	if e.Level == "" {
		e.Level = "info"
	}
	w.log.add(func(seq uint64) Entry {
		e.Seq = seq
		return e
	})
}
