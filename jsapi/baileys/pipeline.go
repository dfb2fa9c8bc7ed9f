package baileys

import (
	"context"
	"errors"
	"time"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/store"
)

// pipelineWindow is how many queue deliveries a bot may have in its handlers
// at once. Node's Baileys emits each event as it arrives and lets async
// handlers overlap; waiting for one delivery's handlers before the next
// serialises a session's sends on their server acks. The bound keeps a
// handler that never settles from pulling the whole queue into memory.
const pipelineWindow = 16

// inflight is a delivery handed to the script whose cursor step is pending.
type inflight struct {
	seq      uint64
	settled  <-chan struct{} // closed when its handlers settled; nil: nothing to wait for
	deadline time.Time       // when HandlerBudget runs out for it
}

// pump hands the queue's deliveries to the bot in queue order without
// waiting for earlier handlers, up to pipelineWindow at a time, while commit
// advances the bot's cursor strictly in order: only past deliveries whose
// handlers all settled (or whose budget ran out). A stopped bot or a new
// generation therefore resumes after the last in-order settled delivery;
// deliveries that settled after an unsettled one are delivered again.
func (l *link) pump(ctx context.Context, sub *protocol.Subscription) {
	ctx, cancel := context.WithCancel(ctx)
	slots := make(chan struct{}, pipelineWindow)
	flights := make(chan inflight, pipelineWindow) // never blocks: slots bound it
	committed := make(chan struct{})
	go func() {
		defer close(committed)
		l.commit(ctx, sub, flights, slots)
	}()
	// The reader stops when the bot stops, the queue closes or the bot's loop
	// refuses work; in-flight deliveries cannot be recorded after that.
	defer func() {
		cancel()
		<-committed
	}()
	log := l.st.bot.Logger()
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		d, err := sub.Next(ctx)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, store.ErrQueueClosed) {
				log.Error("baileys: reading the session queue stopped", "session", l.s.Name(), "err", err)
			}
			return
		}
		if d.Missed > 0 {
			log.Warn("baileys: events were dropped by the queue's retention bound before this bot read them", "session", l.s.Name(), "missed", d.Missed)
		}
		f := inflight{seq: d.Seq}
		if d.Err != nil {
			log.Error("baileys: undecodable queue entry skipped", "session", l.s.Name(), "seq", d.Seq, "err", d.Err)
		} else {
			settled := make(chan struct{})
			if !l.deliver(d.Events, settled) {
				return
			}
			f.settled, f.deadline = settled, time.Now().Add(l.st.cfg.HandlerBudget)
		}
		flights <- f
	}
}

// commit waits for each delivery in turn and records it done, freeing its
// window slot; it returns when ctx ends, without recording what is unsettled.
func (l *link) commit(ctx context.Context, sub *protocol.Subscription, flights <-chan inflight, slots <-chan struct{}) {
	for {
		var f inflight
		select {
		case f = <-flights:
		case <-ctx.Done():
			return
		}
		if !l.await(ctx, f) {
			return
		}
		if err := sub.Done(ctx, f.seq); err != nil {
			if ctx.Err() != nil {
				return
			}
			l.st.bot.Logger().Error("baileys: recording a handled delivery failed", "session", l.s.Name(), "seq", f.seq, "err", err)
		}
		<-slots
	}
}

// await waits until f's handlers settled or its budget ran out; false when
// ctx ended first.
func (l *link) await(ctx context.Context, f inflight) bool {
	if f.settled == nil {
		return true
	}
	budget := time.NewTimer(time.Until(f.deadline))
	defer budget.Stop()
	select {
	case <-f.settled:
	case <-budget.C:
		l.st.bot.Logger().Warn("baileys: handlers did not settle within the budget; moving on", "session", l.s.Name(), "seq", f.seq, "budget", l.st.cfg.HandlerBudget)
	case <-ctx.Done():
		return false
	}
	return true
}
