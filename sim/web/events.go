package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/botrt/botrt/sim/people"
)

// keepAlive is how often an idle stream sends a comment, so proxies and the browser keep it open.
const keepAlive = 15 * time.Second

// events is GET /api/events[?phone=<person>]: a server-sent event stream of "log" events (Entry, the
// backlog first) and, with phone, "message" events (people.Message, everything the person received so
// far first, then each message as it arrives), "status" events (statusEvent: receipts of the person's
// messages, the remembered ones first) and "typing" events (typingEvent). A stream that falls more than
// the backlog behind gets a "dropped" event ({"count"}) for the log entries it missed. A reconnecting
// page gets the backlog again and drops what it has by id and seq.
func (w *Web) events(rw http.ResponseWriter, r *http.Request) {
	flusher, ok := rw.(http.Flusher)
	if !ok {
		http.Error(rw, "streaming is not supported on this connection", http.StatusInternalServerError)
		return
	}
	phone := r.URL.Query().Get("phone")
	var history []people.Message
	actSeq := w.activity.last() // before the statuses snapshot: a receipt in between comes twice, not never
	var known []statusEvent
	if phone != "" {
		known = w.statuses.of(phone)
		var err error
		if history, err = w.people.Received(phone, ""); err != nil {
			status := http.StatusInternalServerError
			switch {
			case errors.Is(err, people.ErrNotFound):
				status = http.StatusNotFound
			case errors.Is(err, people.ErrBadPhone):
				status = http.StatusBadRequest
			}
			writeError(rw, status, err.Error())
			return
		}
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(w.ctx, cancel) // Close ends every stream
	defer stop()

	rw.Header().Set("Content-Type", "text/event-stream")
	rw.Header().Set("Cache-Control", "no-cache")
	rw.WriteHeader(http.StatusOK)
	s := &stream{w: rw, flusher: flusher}
	for _, m := range history {
		s.send("message", m)
	}
	for _, st := range known {
		s.send("status", st)
	}
	msgs := make(chan people.Message)
	watching := make(chan struct{})
	if phone != "" {
		after := ""
		if len(history) > 0 {
			after = history[len(history)-1].ID
		}
		go w.watch(ctx, phone, after, msgs, watching)
	} else {
		close(watching)
	}
	defer func() { <-watching }() // after cancel: the watcher has nothing left to wait for
	defer cancel()

	var logSeq uint64
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		entries, dropped, seq, nextLog := w.log.since(logSeq)
		if dropped > 0 && logSeq > 0 {
			// The page fell more than the backlog behind: say so rather than skip lines silently.
			s.send("dropped", map[string]uint64{"count": dropped})
		}
		logSeq = seq
		for _, e := range entries {
			s.send("log", e)
		}
		acts, _, seq, nextAct := w.activity.since(actSeq) // missed receipts come back on reconnect
		actSeq = seq
		for _, a := range acts {
			if phone != "" && a.phone == phone {
				s.send(a.kind, a.data)
			}
		}
		s.flush()
		if s.err != nil {
			return // the page went away
		}
		select {
		case <-ctx.Done():
			return
		case <-nextLog:
		case <-nextAct:
		case m := <-msgs:
			s.send("message", m)
		case <-tick.C:
			s.comment("keep-alive")
		}
	}
}

// watch hands msgs every message phone receives after message id after, until ctx ends.
func (w *Web) watch(ctx context.Context, phone, after string, msgs chan<- people.Message, done chan<- struct{}) {
	defer close(done)
	for {
		m, err := w.people.Wait(ctx, phone, after, nil)
		if err != nil {
			// ctx ended, or the person's store failed: either way the page reconnects and sees the error.
			return
		}
		select {
		case msgs <- m:
			after = m.ID
		case <-ctx.Done():
			return
		}
	}
}

// stream writes server-sent events and remembers the first write error.
type stream struct {
	w       http.ResponseWriter
	flusher http.Flusher
	err     error
}

func (s *stream) send(event string, v any) {
	if s.err != nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		s.err = fmt.Errorf("web: encode %s event: %w", event, err)
		return
	}
	// JSON never holds a raw newline, so one data line carries the whole event.
	_, s.err = fmt.Fprintf(s.w, "event: %s\ndata: %s\n\n", event, data)
}

func (s *stream) comment(text string) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, ": %s\n\n", text)
	}
	s.flush()
}

func (s *stream) flush() {
	if s.err == nil {
		s.flusher.Flush()
	}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
