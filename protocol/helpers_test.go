package protocol

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// env is one "process" of botrt for a test: a store and a manager pointed at the simulator.
type env struct {
	db *store.DB
	m  *Manager
}

func openEnv(t testing.TB, srv *testkit.Server, dir string, log *slog.Logger, tweaks ...func(*Options)) *env {
	t.Helper()
	db, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if log == nil {
		log = testLog()
	}
	opts := Options{
		Endpoint: Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()},
		Log:      log,
		Backoff:  Backoff{Min: 50 * time.Millisecond, Max: time.Second},
	}
	for _, tweak := range tweaks {
		tweak(&opts)
	}
	m, err := NewManager(db, store.NewContainer(db, nil), opts)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, m: m}
	t.Cleanup(e.close)
	return e
}

// close stops the "process" cleanly (idempotent).
func (e *env) close() {
	if e.m == nil {
		return
	}
	e.m.Close()
	_ = e.db.Close()
	e.m = nil
}

func testLog() *slog.Logger {
	if os.Getenv(testkit.LogEnv) == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// waitUpdate reads w until an update satisfies match.
func waitUpdate(t testing.TB, w *Updates, what string, match func(ev events.Event) bool) events.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	var seen []string
	for {
		ev, err := w.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for %s: %v; saw %s", what, err, strings.Join(seen, " "))
		}
		seen = append(seen, jsval.Stringify(ev.Payload))
		if match(ev) {
			return ev
		}
	}
}

func field(v jsval.Value, path ...string) jsval.Value {
	for _, p := range path {
		obj, ok := v.(*jsval.Object)
		if !ok {
			return nil
		}
		v, _ = obj.Get(p)
	}
	return v
}

func isConnection(state string) func(events.Event) bool {
	return func(ev events.Event) bool {
		return ev.Name == "connection.update" && field(ev.Payload, "connection") == state
	}
}

func hasQR(ev events.Event) bool {
	_, ok := field(ev.Payload, "qr").(string)
	return ev.Name == "connection.update" && ok
}

// pairByQR connects an unpaired session, links it as a new account through the simulator's
// pairing API when it shows its QR code, and waits until it is open.
func pairByQR(t testing.TB, srv *testkit.Server, s *Session, name string) {
	t.Helper()
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	qr := waitUpdate(t, w, "a QR code", hasQR)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if _, err := srv.Pairer.Link(ctx, field(qr.Payload, "qr").(string), auth.LinkOptions{Name: name}); err != nil {
		t.Fatalf("link: %v", err)
	}
	waitUpdate(t, w, "open", isConnection("open"))
}

// openPaired opens the session "bot" of e and pairs it as a new account named Bot by its QR code.
func openPaired(t testing.TB, e *env, srv *testkit.Server) *Session {
	t.Helper()
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
	return s
}

// pairedBot opens the session "bot" in e, pairs it as a new account named Bot and subscribes to it
// from the latest event: the start of most tests of a live session.
func pairedBot(t testing.TB, e *env, srv *testkit.Server) (*Session, types.JID, *Subscription) {
	t.Helper()
	s := openPaired(t, e, srv)
	sub, err := s.Subscribe(context.Background(), "bot", store.JoinLatest)
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Status().Me.ID.ToNonAD(), sub
}

func waitOpen(t testing.TB, s *Session) {
	t.Helper()
	w := s.Watch()
	defer w.Close()
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, w, "open", isConnection("open"))
}

// upsertOf returns the text and type of a delivery's messages.upsert ("" text for messages that
// are not plain text, such as the app-state key share the simulator's phone sends after pairing).
func upsertOf(d Delivery) (text, kind string, ok bool) {
	for _, ev := range d.Events {
		if ev.Name != "messages.upsert" {
			continue
		}
		msgs, _ := field(ev.Payload, "messages").(jsval.Array)
		if len(msgs) == 0 {
			continue
		}
		text, _ = field(msgs[0], "message", "conversation").(string)
		kind, _ = field(ev.Payload, "type").(string)
		return text, kind, true
	}
	return "", "", false
}

// nextText reads deliveries until one carries a text message (receipts, protocol messages and
// other events may come in between; they are marked done) and returns it with its text and
// upsert type.
func nextText(t testing.TB, sub *Subscription) (Delivery, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	for {
		d, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("next delivery: %v", err)
		}
		if d.Err != nil {
			t.Fatalf("delivery %d: %v", d.Seq, d.Err)
		}
		if text, kind, ok := upsertOf(d); ok && text != "" {
			return d, text, kind
		}
		if err := sub.Done(ctx, d.Seq); err != nil {
			t.Fatal(err)
		}
	}
}

// nextEvent reads deliveries (marking them done) until one carries an event named name.
func nextEvent(t *testing.T, sub *Subscription, name string) events.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	for {
		d, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for %s: %v", name, err)
		}
		if err := sub.Done(ctx, d.Seq); err != nil {
			t.Fatal(err)
		}
		for _, ev := range d.Events {
			if ev.Name == name {
				return ev
			}
		}
	}
}

// logWatch is a slog handler that signals when a record with a given message is logged.
type logWatch struct {
	slog.Handler
	msg  string
	once *sync.Once
	hit  chan struct{}
}

func newLogWatch(msg string) (*slog.Logger, <-chan struct{}) {
	hit := make(chan struct{})
	return slog.New(logWatch{Handler: testLog().Handler(), msg: msg, once: &sync.Once{}, hit: hit}), hit
}

func (l logWatch) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == l.msg {
		l.once.Do(func() { close(l.hit) })
	}
	return l.Handler.Handle(ctx, r)
}

func (l logWatch) Enabled(context.Context, slog.Level) bool { return true }

func (l logWatch) WithAttrs(as []slog.Attr) slog.Handler {
	return logWatch{Handler: l.Handler.WithAttrs(as), msg: l.msg, once: l.once, hit: l.hit}
}

func (l logWatch) WithGroup(g string) slog.Handler {
	return logWatch{Handler: l.Handler.WithGroup(g), msg: l.msg, once: l.once, hit: l.hit}
}
