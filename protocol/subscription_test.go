package protocol

import (
	"context"
	"errors"
	"testing"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// Several bots consume one session, each at its own pace; the first bot gets what arrived before
// it subscribed; closing the session ends waiting readers.
func TestSubscriptionsAreIndependent(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	pairByQR(t, srv, s, "Bot")
	me := s.Status().Me.ID.ToNonAD()
	// A message that arrives before any bot subscribed waits in the queue for the first one.
	alice := testkit.NewClient(t, srv)
	alice.SendText(t, me, "one")
	first, err := s.Subscribe(ctx, "first", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	d, text, _ := nextText(t, first)
	if text != "one" {
		t.Fatalf("first got %q", text)
	}
	if err := first.Done(ctx, d.Seq); err != nil {
		t.Fatal(err)
	}

	// A second bot joining later starts after what every earlier consumer finished.
	late, err := s.Subscribe(ctx, "late", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	alice.SendText(t, me, "two")
	if _, text, _ := nextText(t, late); text != "two" {
		t.Fatalf("late bot got %q", text)
	}
	if _, text, _ := nextText(t, first); text != "two" {
		t.Fatalf("first got %q", text)
	}

	// A reader waiting when the session closes is released.
	waiting := make(chan error, 1)
	go func() {
		_, err := first.Next(ctx)
		waiting <- err
	}()
	s.Close()
	if err := <-waiting; !errors.Is(err, store.ErrQueueClosed) {
		t.Fatalf("reader after close: %v", err)
	}
	w := s.Watch()
	if _, err := w.Next(ctx); !errors.Is(err, ErrWatchClosed) {
		t.Fatalf("watch of a closed session: %v", err)
	}
	if err := s.Connect(); err == nil {
		t.Fatal("a closed session connected")
	}
}
