package baileys

import (
	"context"
	"errors"
	"sync"
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
	deadline time.Time // when HandlerBudget runs out for it
	settled  bool      // its handlers settled (or there were none to run)
}

// pump hands the queue's deliveries to the bot in queue order without
// waiting for earlier handlers, up to pipelineWindow at a time, while commit
// advances the bot's cursor strictly in order: only past deliveries whose
// handlers all settled (or whose budget ran out). A delivery that settles
// while an earlier one is still in its handlers is marked done in the store,
// so that a bot resuming after a crash, a stop or a hot reload skips it and
// gets again only what had not settled.
func (l *link) pump(ctx context.Context, sub *protocol.Subscription) {
	ctx, cancel := context.WithCancel(ctx)
	slots := make(chan struct{}, pipelineWindow)
	flights := make(chan inflight, pipelineWindow) // never blocks: slots bound it
	settled := make(chan uint64, pipelineWindow)
	var waiters sync.WaitGroup
	committed := make(chan struct{})
	go func() {
		defer close(committed)
		l.commit(ctx, sub, flights, settled, slots)
	}()
	// The reader stops when the bot stops, the queue closes or the bot's loop
	// refuses work; in-flight deliveries cannot be recorded after that.
	defer func() {
		cancel()
		waiters.Wait()
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
		f := inflight{seq: d.Seq, settled: true}
		switch {
		case d.Handled:
		case d.Err != nil:
			log.Error("baileys: undecodable queue entry skipped", "session", l.s.Name(), "seq", d.Seq, "err", d.Err)
		default:
			done := make(chan struct{})
			if !l.deliver(d.Events, done) {
				return
			}
			f.settled, f.deadline = false, time.Now().Add(l.st.cfg.HandlerBudget)
			// The loop closes done; the committer hears the seq from here, so
			// that the loop never blocks on the committer. The flight is
			// queued first, so the committer knows it when the seq comes.
			flights <- f
			waiters.Go(func() {
				select {
				case <-done:
					select {
					case settled <- f.seq:
					case <-ctx.Done():
					}
				case <-ctx.Done():
				}
			})
			continue
		}
		flights <- f
	}
}

// commit keeps the deliveries handed to the script in queue order, records
// the settled ones at the front with one Done, marks those that settle
// behind an unsettled one, and frees their window slots. It returns when ctx
// ends, without recording what is unsettled.
func (l *link) commit(ctx context.Context, sub *protocol.Subscription, flights <-chan inflight, settled <-chan uint64, slots <-chan struct{}) {
	log := l.st.bot.Logger()
	var pending []inflight
	for {
		n := 0
		for n < len(pending) && pending[n].settled {
			n++
		}
		if n > 0 {
			last := pending[n-1].seq
			if err := sub.Done(ctx, last); err != nil {
				if ctx.Err() != nil {
					return
				}
				log.Error("baileys: recording a handled delivery failed", "session", l.s.Name(), "seq", last, "err", err)
			}
			pending = pending[n:]
			for range n {
				<-slots
			}
			continue
		}
		var budget <-chan time.Time
		if len(pending) > 0 {
			budget = time.After(time.Until(pending[0].deadline))
		}
		select {
		case f := <-flights:
			pending = append(pending, f)
		case seq := <-settled:
			pending = drain(pending, flights)
			for i := range pending {
				if pending[i].seq != seq {
					continue
				}
				pending[i].settled = true
				if i > 0 {
					if err := sub.MarkDone(ctx, seq); err != nil && ctx.Err() == nil {
						// Only the crash case loses: the delivery comes again.
						log.Error("baileys: recording a delivery handled out of order failed", "session", l.s.Name(), "seq", seq, "err", err)
					}
				}
				break
			}
		case <-budget:
			log.Warn("baileys: handlers did not settle within the budget; moving on", "session", l.s.Name(), "seq", pending[0].seq, "budget", l.st.cfg.HandlerBudget)
			pending[0].settled = true
		case <-ctx.Done():
			return
		}
	}
}

// drain appends the flights already queued to pending.
func drain(pending []inflight, flights <-chan inflight) []inflight {
	for {
		select {
		case f := <-flights:
			pending = append(pending, f)
		default:
			return pending
		}
	}
}
