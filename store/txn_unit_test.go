package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/botrt/botrt/internal/leaktest"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

func TestDecryptionTxnRollsBackEverythingAndCaches(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	friend := types.NewJID("200", types.DefaultUserServer)
	if _, _, err := d.Contacts.PutPushName(ctx, friend, "old"); err != nil {
		t.Fatal(err)
	}
	if err := d.Sessions.PutSession(ctx, "200:0", []byte("v1")); err != nil {
		t.Fatal(err)
	}

	boom := errors.New("decrypt failed")
	err := d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
		if err := d.Sessions.PutSession(ctx, "200:0", []byte("v2")); err != nil {
			return err
		}
		if got, _ := d.Sessions.GetSession(ctx, "200:0"); string(got) != "v2" {
			t.Errorf("inside the txn its own write is not visible: %q", got)
		}
		if got, _ := d.Sessions.GetSession(context.Background(), "200:0"); string(got) != "v1" {
			t.Errorf("outside the txn an uncommitted write is visible: %q", got)
		}
		if changed, prev, err := d.Contacts.PutPushName(ctx, friend, "new"); err != nil || !changed || prev != "old" {
			t.Errorf("PutPushName in txn: %v %q %v", changed, prev, err)
		}
		// A nested transaction joins the outer one.
		if err := d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
			return d.EventBuffer.PutBufferedEvent(ctx, [32]byte{1}, []byte("pt"), testTime)
		}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("DoDecryptionTxn: %v", err)
	}
	if got, _ := d.Sessions.GetSession(ctx, "200:0"); string(got) != "v1" {
		t.Errorf("session after rollback: %q", got)
	}
	if ev, _ := d.EventBuffer.GetBufferedEvent(ctx, [32]byte{1}); ev != nil {
		t.Errorf("buffered event of the nested txn survived the rollback: %+v", ev)
	}
	if ct, _ := d.Contacts.GetContact(ctx, friend); ct.PushName != "old" {
		t.Errorf("contact cache kept a rolled-back push name: %q", ct.PushName)
	}
	if changed, prev, _ := d.Contacts.PutPushName(ctx, friend, "new"); !changed || prev != "old" {
		t.Errorf("PutPushName after rollback: changed %v prev %q", changed, prev)
	}
}

func TestDoTxnRetriesOnConflict(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	if err := d.Sessions.PutSession(ctx, "counter", []byte("0")); err != nil {
		t.Fatal(err)
	}
	attempts := 0
	err := d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
		attempts++
		cur, err := d.Sessions.GetSession(ctx, "counter")
		if err != nil {
			return err
		}
		if attempts == 1 {
			// Another writer commits the key this transaction has read: its commit must conflict.
			if err := d.Sessions.PutSession(context.Background(), "counter", []byte(string(cur)+"+other")); err != nil {
				return err
			}
		}
		return d.Sessions.PutSession(ctx, "counter", []byte(string(cur)+"+mine"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if attempts != 2 {
		t.Errorf("fn ran %d times, want 2 (one conflict, one retry)", attempts)
	}
	if got, _ := d.Sessions.GetSession(ctx, "counter"); string(got) != "0+other+mine" {
		t.Errorf("counter = %q, want the retry to build on the other write", got)
	}
}

func TestFinishedTxnContextFallsBackToOwnTxn(t *testing.T) {
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	var leaked context.Context
	if err := c.db.DoTxn(context.Background(), func(ctx context.Context) error { leaked = ctx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := d.Sessions.PutSession(leaked, "a:0", []byte("x")); err != nil {
		t.Fatalf("write with the ctx of a finished txn: %v", err)
	}
	if got, _ := d.Sessions.GetSession(context.Background(), "a:0"); string(got) != "x" {
		t.Fatalf("write with a finished txn's ctx was lost: %q", got)
	}
}

func TestOversizeWrites(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)

	// Sessions stand alone: a batch bigger than one transaction is split.
	sessions := map[string][]byte{}
	for i := range 3000 {
		sessions[fmt.Sprintf("%d:0", 1000+i)] = randBytes(2048)
	}
	if err := d.Sessions.PutManySessions(ctx, sessions); err != nil {
		t.Fatalf("PutManySessions of 6 MB: %v", err)
	}
	addrs := make([]string, 0, len(sessions))
	for a := range sessions {
		addrs = append(addrs, a)
	}
	got, err := d.Sessions.GetManySessions(ctx, addrs)
	if err != nil {
		t.Fatal(err)
	}
	for a, want := range sessions {
		mustEqualBytes(t, a, got[a], want)
	}

	// Inside a caller's transaction nothing may be split.
	err = c.db.DoTxn(ctx, func(ctx context.Context) error { return d.Sessions.PutManySessions(ctx, sessions) })
	if !errors.Is(err, ErrTooBig) {
		t.Fatalf("oversize PutManySessions in a txn: %v, want ErrTooBig", err)
	}

	// One patch's MACs must be atomic.
	if err := d.AppState.PutAppStateVersion(ctx, "regular", 1, [128]byte{}); err != nil {
		t.Fatal(err)
	}
	macs := make([]wastore.AppStateMutationMAC, 40000)
	for i := range macs {
		macs[i] = wastore.AppStateMutationMAC{IndexMAC: randBytes(32), ValueMAC: randBytes(32)}
	}
	if err := d.AppState.PutAppStateMutationMACs(ctx, "regular", 1, macs); !errors.Is(err, ErrTooBig) {
		t.Fatalf("oversize PutAppStateMutationMACs: %v, want ErrTooBig", err)
	}
	if v, _ := d.AppState.GetAppStateMutationMAC(ctx, "regular", macs[0].IndexMAC); v != nil {
		t.Fatal("a failed atomic MAC insert left rows behind")
	}
}

// TestConcurrentReadModifyWriteIsSerialisable has goroutines increment one counter through
// DoDecryptionTxn: with conflict detection and retries no increment may be lost.
func TestConcurrentReadModifyWriteIsSerialisable(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	const workers, each = 4, 25
	errs := make(chan error, workers)
	for range workers {
		go func() {
			for range each {
				err := d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
					cur, err := d.Sessions.GetSession(ctx, "counter")
					if err != nil {
						return err
					}
					n := 0
					if cur != nil {
						n, _ = strconv.Atoi(string(cur))
					}
					return d.Sessions.PutSession(ctx, "counter", []byte(strconv.Itoa(n+1)))
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := d.Sessions.GetSession(ctx, "counter"); string(got) != strconv.Itoa(workers*each) {
		t.Fatalf("counter = %s, want %d", got, workers*each)
	}
}

// TestDeleteLargeAppStateCollection deletes a collection whose MACs do not fit in one transaction.
func TestDeleteLargeAppStateCollection(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	if err := d.AppState.PutAppStateVersion(ctx, "regular", 1, [128]byte{1}); err != nil {
		t.Fatal(err)
	}
	var first []byte
	for v := range uint64(3) { // 3 patches of 10,000 MACs: together beyond one transaction
		macs := make([]wastore.AppStateMutationMAC, 10000)
		for i := range macs {
			macs[i] = wastore.AppStateMutationMAC{IndexMAC: randBytes(32), ValueMAC: randBytes(32)}
		}
		if first == nil {
			first = macs[0].IndexMAC
		}
		if err := d.AppState.PutAppStateMutationMACs(ctx, "regular", v+1, macs); err != nil {
			t.Fatal(err)
		}
	}
	inTxn := c.db.DoTxn(ctx, func(ctx context.Context) error { return d.AppState.DeleteAppStateVersion(ctx, "regular") })
	if !errors.Is(inTxn, ErrTooBig) {
		t.Fatalf("the collection fits in one transaction (%v): the test proves nothing", inTxn)
	}
	if err := d.AppState.DeleteAppStateVersion(ctx, "regular"); err != nil {
		t.Fatalf("delete of a large collection: %v", err)
	}
	if v, _, _ := d.AppState.GetAppStateVersion(ctx, "regular"); v != 0 {
		t.Errorf("version %d survived", v)
	}
	if m, _ := d.AppState.GetAppStateMutationMAC(ctx, "regular", first); m != nil {
		t.Error("a MAC survived the delete")
	}
}
