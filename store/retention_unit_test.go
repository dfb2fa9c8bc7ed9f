package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// fakeClock is a settable clock for insert times.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(time.Millisecond) // strictly increasing, so insertion order is unambiguous
	return f.now
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	clock := &fakeClock{now: time.Now().Add(-30 * 24 * time.Hour)}
	c.now = clock.Now
	a := pairedDevice(t, c, "100", 0)
	b := pairedDevice(t, c, "200", 0)

	hash := func(dev, i int) [32]byte { return [32]byte{byte(dev), byte(i)} }
	for i := range 5 { // 30 days old
		for dev, buf := range []wastore.EventBuffer{a.EventBuffer, b.EventBuffer} {
			if err := buf.PutBufferedEvent(ctx, hash(dev, i), []byte("old"), testTime); err != nil {
				t.Fatal(err)
			}
		}
	}
	clock.mu.Lock()
	clock.now = time.Now()
	clock.mu.Unlock()
	for i := 5; i < 10; i++ { // fresh, device a only
		if err := a.EventBuffer.PutBufferedEvent(ctx, hash(0, i), []byte("new"), testTime); err != nil {
			t.Fatal(err)
		}
	}
	chat := types.NewJID("120363000", types.GroupServer)
	for i := range 10 {
		if err := a.MsgSecrets.PutMessageSecret(ctx, chat, types.NewJID("300", types.DefaultUserServer), fmt.Sprintf("M%d", i), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}

	// whatsmeow's own cleanup: everything older than 14 days, on every device.
	if err := a.EventBuffer.DeleteOldBufferedHashes(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		ev, err := a.EventBuffer.GetBufferedEvent(ctx, hash(0, i))
		if err != nil || (ev != nil) != (i >= 5) {
			t.Errorf("device a event %d after 14-day cleanup: %v, %v", i, ev, err)
		}
		if ev, _ := b.EventBuffer.GetBufferedEvent(ctx, hash(1, i)); ev != nil {
			t.Errorf("device b old event %d survived the cleanup", i)
		}
	}

	rep, err := c.EnforceRetention(ctx, RetentionPolicy{MaxBufferedEventsPerDevice: 2, MaxMessageSecretsPerDevice: 4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.EventsDeleted != 3 || rep.SecretsDeleted != 6 {
		t.Errorf("report %+v, want 3 events and 6 secrets deleted", rep)
	}
	for i := 5; i < 10; i++ {
		if ev, _ := a.EventBuffer.GetBufferedEvent(ctx, hash(0, i)); (ev != nil) != (i >= 8) {
			t.Errorf("event %d after cap of 2: present=%v", i, ev != nil)
		}
	}
	for i := range 10 {
		secret, _, err := a.MsgSecrets.GetMessageSecret(ctx, chat, types.NewJID("300", types.DefaultUserServer), fmt.Sprintf("M%d", i))
		if err != nil || (secret != nil) != (i >= 6) {
			t.Errorf("secret %d after cap of 4: %x, %v", i, secret, err)
		}
	}
	// A second run finds nothing more to do.
	if rep, err := c.EnforceRetention(ctx, RetentionPolicy{MaxBufferedEventsPerDevice: 2, MaxMessageSecretsPerDevice: 4}); err != nil || rep != (RetentionReport{}) {
		t.Errorf("second run: %+v, %v", rep, err)
	}
}
