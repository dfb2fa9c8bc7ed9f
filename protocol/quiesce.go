package protocol

import (
	"sync/atomic"
	"time"
)

// The acknowledgement whatsmeow sends for an event goes out right after our handler returns
// (SynchronousAck). A Disconnect that lands in that moment cuts it off: the server then delivers
// the event again after the next connect, and whatsmeow's socket races its Close against that
// send. Disconnect therefore first waits, briefly and boundedly, for the handler to be idle.
const (
	ackQuiet    = 50 * time.Millisecond // no handler ran for this long: its ack is out
	quiesceMax  = time.Second           // never hold a Disconnect longer than this
	quiescePoll = 5 * time.Millisecond
)

// handlerActivity records when whatsmeow's event handler (onEvent) runs.
type handlerActivity struct {
	running  atomic.Int32
	lastDone atomic.Int64 // unix nanoseconds when a handler call last returned
}

func (h *handlerActivity) enter() { h.running.Add(1) }

func (h *handlerActivity) leave() {
	h.lastDone.Store(time.Now().UnixNano())
	h.running.Add(-1)
}

// quiesce waits until no handler call runs and none returned within ackQuiet, or quiesceMax.
func (h *handlerActivity) quiesce() {
	deadline := time.Now().Add(quiesceMax)
	for time.Now().Before(deadline) {
		if h.running.Load() == 0 && time.Since(time.Unix(0, h.lastDone.Load())) >= ackQuiet {
			return
		}
		time.Sleep(quiescePoll) // polling a condition with a deadline
	}
}
