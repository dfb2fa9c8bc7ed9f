package protocol

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestRetryRequestDelaySpacesRetries: with Hooks.RetryRequestDelay, the session takes the next
// stanza only that long after it could not decrypt one (and whatsmeow sent its retry receipt), as
// Baileys' retryRequestDelayMs spaces its retry requests; the messages still arrive once the
// contact sent them again.
func TestRetryRequestDelaySpacesRetries(t *testing.T) {
	const delay = 300 * time.Millisecond
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, sub := pairedBot(t, e, srv)
	release := s.SetHooks(&Hooks{RetryRequestDelay: delay})
	defer release()
	alice := testkit.NewClient(t, srv)
	alice.SendText(t, me, "hi")
	if _, text, _ := nextText(t, sub); text != "hi" {
		t.Fatalf("first message %q", text)
	}

	var mu sync.Mutex
	var failed []time.Time // when whatsmeow dispatched each undecryptable message
	err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		cli.AddEventHandler(func(evt any) {
			if _, ok := evt.(*wmevents.UndecryptableMessage); ok {
				mu.Lock()
				failed = append(failed, time.Now())
				mu.Unlock()
			}
		})
		// Forget the Signal sessions with alice: her next messages cannot be decrypted.
		lid := alice.WA.Store.GetLID()
		for _, user := range []string{alice.UserJID().User, types.JID{User: lid.User, Server: types.HiddenUserServer}.SignalAddressUser()} {
			if err := cli.Store.Sessions.DeleteAllSessions(ctx, user); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	alice.SendText(t, me, "one")
	alice.SendText(t, me, "two")
	got := map[string]bool{}
	for !got["one"] || !got["two"] {
		d, text, _ := nextText(t, sub)
		got[text] = true
		if err := sub.Done(ctx, d.Seq); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) < 2 {
		t.Fatalf("%d undecryptable messages, want at least 2", len(failed))
	}
	for i := 1; i < len(failed); i++ {
		if gap := failed[i].Sub(failed[i-1]); gap < delay {
			t.Fatalf("undecryptable messages %d and %d were handled %s apart, want at least %s", i-1, i, gap, delay)
		}
	}
	testkit.WaitAcked(t, srv, alice)
	testkit.WaitDevicesAcked(t, srv, s.Status().Me.ID)
}
