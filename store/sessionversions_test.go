package store

import (
	"context"
	"errors"
	"github.com/botrt/botrt/internal/leaktest"
	"testing"
)

// TestTrackedSessionWriteLosesToConcurrentWrite: a send-like read-modify-write under
// TrackSessionReads whose session was changed in between (as a decryption would) must fail with
// ErrSessionChanged, write nothing, and leave the concurrent write in place; untracked writes
// keep their blind last-writer-wins behaviour.
func TestTrackedSessionWriteLosesToConcurrentWrite(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	sessions := pairedDevice(t, c, "15550001", 0).Sessions
	const peer, other, fresh = "15550002:0", "15550003:0", "15550004:0"
	for addr, v := range map[string]string{peer: "v1", other: "o1"} {
		if err := sessions.PutSession(ctx, addr, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}

	tracked := TrackSessionReads(ctx)
	read, err := sessions.GetManySessions(tracked, []string{peer, other, fresh})
	if err != nil {
		t.Fatal(err)
	}
	if string(read[peer]) != "v1" || read[fresh] != nil {
		t.Fatalf("read %q", read)
	}
	// The concurrent "decryption" commits a newer session of peer.
	if err := sessions.PutSession(ctx, peer, []byte("v2-decrypted")); err != nil {
		t.Fatal(err)
	}
	err = sessions.PutManySessions(tracked, map[string][]byte{peer: []byte("v1-encrypted"), other: []byte("o2")})
	if !errors.Is(err, ErrSessionChanged) {
		t.Fatalf("stale tracked write: %v, want ErrSessionChanged", err)
	}
	got, _ := sessions.GetManySessions(ctx, []string{peer, other})
	mustEqualBytes(t, "peer after the refused write", got[peer], []byte("v2-decrypted"))
	mustEqualBytes(t, "other after the refused write (nothing written)", got[other], []byte("o1"))

	// An address read as absent that someone created since counts as changed too.
	if err := sessions.PutSession(ctx, fresh, []byte("created")); err != nil {
		t.Fatal(err)
	}
	if err := sessions.PutSession(tracked, fresh, []byte("mine")); !errors.Is(err, ErrSessionChanged) {
		t.Fatalf("write over a session created since it was read absent: %v", err)
	}

	// A fresh tracker with no interference writes, twice in a row (its own write is not a change),
	// and writes addresses it never read unchecked.
	tracked = TrackSessionReads(ctx)
	if _, err := sessions.GetSession(tracked, peer); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"v3", "v4"} {
		if err := sessions.PutManySessions(tracked, map[string][]byte{peer: []byte(v), "15550005:0": []byte(v)}); err != nil {
			t.Fatalf("uncontended tracked write %s: %v", v, err)
		}
	}
	if v, _ := sessions.GetSession(ctx, peer); string(v) != "v4" {
		t.Fatalf("peer = %q, want v4", v)
	}

	// Untracked writes are blind, as before.
	if _, err := sessions.GetSession(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := sessions.PutSession(ctx, other, []byte("o3")); err != nil {
		t.Fatal(err)
	}
	if err := sessions.PutManySessions(ctx, map[string][]byte{other: []byte("o4")}); err != nil {
		t.Fatalf("untracked write: %v", err)
	}
}

// TestDecryptionTxnRetriesAfterTrackedSend: a decryption transaction that read a session which a
// send then committed must not overwrite the send's session: badger's conflict makes DoDecryptionTxn
// run fn again on the new value. This is why decryption needs no tracker.
func TestDecryptionTxnRetriesAfterTrackedSend(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	dev := pairedDevice(t, c, "15550001", 0)
	sessions := dev.Sessions
	const peer = "15550002:0"
	if err := sessions.PutSession(ctx, peer, []byte("s0")); err != nil {
		t.Fatal(err)
	}
	runs := 0
	err := dev.Sessions.(*DeviceStore).DoDecryptionTxn(ctx, func(ctx context.Context) error {
		runs++
		cur, err := sessions.GetSession(ctx, peer)
		if err != nil {
			return err
		}
		if runs == 1 {
			// A send encrypts and commits while this decryption is under way.
			send := TrackSessionReads(context.Background())
			if _, err := sessions.GetSession(send, peer); err != nil {
				return err
			}
			if err := sessions.PutSession(send, peer, []byte("s0+sent")); err != nil {
				return err
			}
		}
		return sessions.PutSession(ctx, peer, append(cur, "+received"...))
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 {
		t.Fatalf("decryption ran %d times, want 2 (one conflict)", runs)
	}
	if v, _ := sessions.GetSession(ctx, peer); string(v) != "s0+sent+received" {
		t.Fatalf("session = %q, want both updates", v)
	}
}
