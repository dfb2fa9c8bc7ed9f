package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// Optimistic concurrency for Signal sessions. whatsmeow's send path reads the sessions it needs
// (GetManySessions), encrypts, and writes them all back (PutManySessions) with no lock against
// its receive loop: a decryption that commits a session in between would be overwritten by the
// send's stale copy, and the peer's next message then fails with "old counter" or Bad MAC. A
// caller that wraps the send's ctx with TrackSessionReads makes every session read under it
// remember what it saw, and the write-back fail with ErrSessionChanged (writing nothing) when any
// of those sessions changed since; the caller then retries the whole send on fresh sessions.
// whatsmeow passes PutManySessions a ctx derived from the one it read with, so the tracker
// reaches both.

// ErrSessionChanged is wrapped when a tracked session write finds that a session it read was
// changed by someone else in the meantime. Nothing was written.
var ErrSessionChanged = errors.New("store: session changed since it was read")

type sessionReadsKey struct{}

// sessionStamp identifies a session value as read: absent, or present with this content hash.
// A session's content changes with every message it encrypts or decrypts, so equal hashes mean
// nobody wrote it in between.
type sessionStamp struct {
	present bool
	sum     [sha256.Size]byte
}

func stampOf(v []byte) sessionStamp {
	if v == nil {
		return sessionStamp{}
	}
	return sessionStamp{present: true, sum: sha256.Sum256(v)}
}

// sessionReads holds the stamp of each session row (by full key) first read under a tracker.
type sessionReads struct {
	mu   sync.Mutex
	seen map[string]sessionStamp
}

// TrackSessionReads returns a ctx under which session reads are remembered and session writes
// fail with ErrSessionChanged if a session read under it has changed since. Use one per attempt:
// after ErrSessionChanged, retry with a fresh TrackSessionReads of the original ctx.
func TrackSessionReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionReadsKey{}, &sessionReads{seen: map[string]sessionStamp{}})
}

func sessionReadsOf(ctx context.Context) *sessionReads {
	r, _ := ctx.Value(sessionReadsKey{}).(*sessionReads)
	return r
}

// noteRead records what was read at key unless an earlier read is recorded: the first value read
// is the one the caller may have based its changes on.
func (r *sessionReads) noteRead(key []byte, v []byte) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[string(key)]; !ok {
		r.seen[string(key)] = stampOf(v)
	}
}

// expected returns the recorded stamp of key, if it was read under the tracker.
func (r *sessionReads) expected(key []byte) (sessionStamp, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.seen[string(key)]
	return st, ok
}

// noteWritten records the caller's own committed write, so that a later write under the same
// tracker compares against it rather than against the value it replaced.
func (r *sessionReads) noteWritten(key []byte, v []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[string(key)] = stampOf(v)
}

// putSessionsChecked writes sessions in one transaction after checking, inside it, that every
// tracked address still holds what was read. The check's reads join the transaction's conflict
// set, so a write that commits between the check and this commit makes badger retry the
// transaction, and the retried check then reports the change.
func (s *DeviceStore) putSessionsChecked(ctx context.Context, r *sessionReads, sessions map[string][]byte) error {
	prefix := s.prefix(famSession)
	addrs := make([]string, 0, len(sessions))
	for addr := range sessions {
		addrs = append(addrs, addr)
	}
	slices.Sort(addrs)
	err := s.update(ctx, func(tx *Tx) error {
		var changed []string
		for _, addr := range addrs {
			key := rowKey(prefix, addr)
			want, tracked := r.expected(key)
			if !tracked {
				continue
			}
			cur, err := getValue(tx.Txn, key)
			if err != nil {
				return err
			}
			if stampOf(cur) != want {
				changed = append(changed, addr)
			}
		}
		if len(changed) > 0 {
			return fmt.Errorf("%w: %s", ErrSessionChanged, strings.Join(changed, ", "))
		}
		for _, addr := range addrs {
			if err := tx.Set(rowKey(prefix, addr), sessions[addr]); err != nil {
				return err
			}
		}
		tx.OnCommit(func() {
			for _, addr := range addrs {
				r.noteWritten(rowKey(prefix, addr), sessions[addr])
			}
		})
		return nil
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("put sessions: %d items: %w", len(addrs), ErrTooBig)
	}
	return err
}
