package baileys

import (
	"context"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/store"
)

// botState is the module's state for one bot runtime (one generation: a hot
// reload makes a new one, while protocol's sessions and queues stay).
type botState struct {
	bot   runtime.Bot
	cfg   Config
	links map[string]*link // by session name; loop goroutine only
	last  *link            // the most recently attached, for helpers that need a connection
}

func newBotState(bot runtime.Bot, cfg Config) *botState {
	return &botState{bot: bot, cfg: cfg, links: map[string]*link{}}
}

// link binds a bot to one session: it reads the session's queue and
// connection feed for the bot and hands each event to the bot's current
// socket for that session. A second makeWASocket for the same auth replaces
// dispatch, which silences the previous socket without touching the
// connection.
type link struct {
	st       *botState
	s        *protocol.Session
	dispatch goja.Callable // the current socket's deliver function; loop goroutine only
}

// attach makes fn the receiver of the session's events for this bot,
// starting the readers on first use.
func (st *botState) attach(s *protocol.Session, fn goja.Callable) error {
	if l := st.links[s.Name()]; l != nil {
		l.dispatch = fn
		st.last = l
		// A new socket starts from "connecting", as Baileys' does in the
		// tick after makeWASocket returns; replaying a close here would send a
		// reconnect loop round again.
		if s.Status().State == protocol.StateClosed {
			if err := s.Connect(); err != nil {
				return err
			}
		}
		l.deliver(initialState(s.Status()), nil)
		return nil
	}
	ctx := st.bot.Context()
	sub, err := s.Subscribe(ctx, st.bot.Name(), store.JoinOldest)
	if err != nil {
		return err
	}
	l := &link{st: st, s: s, dispatch: fn}
	st.links[s.Name()] = l
	st.last = l
	w := s.Watch()
	// A bot with a socket keeps running, as a Node process with an open
	// websocket does: the slot is held until the bot stops.
	hold := st.bot.RegisterCallback()
	go l.watch(ctx, w)
	go func() {
		defer hold(nil)
		l.pump(ctx, sub)
	}()
	return s.Connect()
}

// initialState is what a replacing socket hears first: connecting, then the
// QR code being shown or, when the session is up, open.
func initialState(st protocol.Status) []events.Event {
	out := []events.Event{events.Connecting()}
	switch {
	case st.State == protocol.StateOpen:
		if !st.Me.ID.IsEmpty() {
			out = append(out, events.CredsUpdate(st.Me))
		}
		out = append(out, events.Open())
		if st.ReceivedPendingNotifications {
			out = append(out, events.Event{Name: "connection.update", Payload: jsval.NewObject().Set("receivedPendingNotifications", true)})
		}
	case st.QR != "":
		out = append(out, events.QR(st.QR))
	}
	return out
}

// watch forwards connection.update and creds.update until the bot stops.
func (l *link) watch(ctx context.Context, w *protocol.Updates) {
	defer w.Close()
	stop := context.AfterFunc(ctx, w.Close)
	defer stop()
	for {
		ev, err := w.Next(ctx)
		if err != nil {
			return
		}
		if !l.deliver([]events.Event{ev}, nil) {
			return
		}
	}
}

// deliver runs the current socket's deliver function with evs on the bot's
// loop; settled (if not nil) is closed when the promise it returns settles.
// It reports false when the bot has stopped.
func (l *link) deliver(evs []events.Event, settled chan struct{}) bool {
	done := l.st.bot.RegisterCallback()
	return done(func() error {
		finish := func() {
			if settled != nil {
				close(settled)
			}
		}
		vm := l.st.bot.Runtime()
		list := make([]any, 0, len(evs))
		for _, ev := range evs {
			payload, err := jsconv.ToJS(vm, ev.Payload)
			if err != nil {
				l.st.bot.Logger().Error("baileys: event payload not convertible", "event", ev.Name, "err", err)
				continue
			}
			list = append(list, vm.NewArray(ev.Name, payload))
		}
		res, err := l.dispatch(goja.Undefined(), vm.NewArray(list...))
		if err != nil {
			finish()
			return err
		}
		thenable, ok := res.(*goja.Object)
		if !ok {
			finish()
			return nil
		}
		then, ok := goja.AssertFunction(thenable.Get("then"))
		if !ok {
			finish()
			return nil
		}
		onSettled := vm.ToValue(func(goja.FunctionCall) goja.Value { finish(); return goja.Undefined() })
		_, err = then(thenable, onSettled, onSettled)
		return err
	})
}
