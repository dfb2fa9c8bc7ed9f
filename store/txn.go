package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Transactions are carried in the context, as whatsmeow's SQL store does: DoTxn puts a read-write
// *badger.Txn into the ctx it passes to fn, and every store method called with that ctx (or one
// derived from it) joins it instead of starting its own. A nested DoTxn reuses the outer one. This
// is what makes whatsmeow's DoDecryptionTxn atomic: the Signal session update, the pre-key removal,
// the identity save and the buffered plaintext commit together or not at all.
//
// Badger transactions are optimistic: a commit fails with badger.ErrConflict when a key it read was
// written by another transaction that committed first. Whole transactions are therefore retried
// from the start (fn is run again on a fresh snapshot); fn must not have effects outside the store
// before it returns, and in-memory caches are changed only by OnCommit hooks.

// maxConflictRetries bounds the retries of one transaction that keeps losing conflicts.
const maxConflictRetries = 64

// conflictBackoff waits a little before retry number attempt (up to about 1ms) so that writers
// contending for the same keys stop colliding in lockstep. It returns early if ctx ends.
func conflictBackoff(ctx context.Context, attempt int) error {
	return jitteredBackoff(ctx, attempt, 50*time.Microsecond)
}

// jitteredBackoff waits a random moment below min(attempt, 20) steps, so that retries of work that
// collided grow apart instead of colliding again in lockstep. It returns early if ctx ends.
func jitteredBackoff(ctx context.Context, attempt int, step time.Duration) error {
	d := time.Duration(rand.Int64N(int64(min(attempt, 20))*int64(step) + 1))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrTooBig is wrapped when a write that must be atomic does not fit in one badger transaction.
var ErrTooBig = errors.New("store: write too large for one transaction")

type txnCtxKey struct{}

// ctxTxn is the transaction stored in a context. A *badger.Txn is not safe for concurrent use, so
// every use holds mu; a transaction that has finished is skipped (a goroutine that outlives DoTxn
// with its ctx gets its own transactions).
type ctxTxn struct {
	db    *badger.DB
	mu    sync.Mutex
	txn   *badger.Txn
	done  bool
	hooks []func()
}

// Tx is a read-write transaction handed to Update callbacks.
type Tx struct {
	*badger.Txn
	hooks *[]func()
}

// OnCommit registers f to run after the transaction commits (never if it is discarded), in
// registration order. For a transaction Update started itself, hooks run before Update returns
// (so the caller's locks are still held); for a transaction carried in the ctx, they run when
// DoTxn commits, in DoTxn's goroutine and outside any store lock.
func (tx *Tx) OnCommit(f func()) { *tx.hooks = append(*tx.hooks, f) }

func (db *DB) ctxTxn(ctx context.Context) *ctxTxn {
	st, _ := ctx.Value(txnCtxKey{}).(*ctxTxn)
	if st == nil || st.db != db.bdb {
		return nil
	}
	return st
}

// inTxn reports whether ctx carries a live transaction of this database.
func (db *DB) inTxn(ctx context.Context) bool {
	st := db.ctxTxn(ctx)
	if st == nil {
		return false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return !st.done
}

// onCommit registers f to run when the transaction carried by ctx commits, and reports false
// (registering nothing) when ctx carries no live transaction.
func (db *DB) onCommit(ctx context.Context, f func()) bool {
	st := db.ctxTxn(ctx)
	if st == nil {
		return false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return false
	}
	st.hooks = append(st.hooks, f)
	return true
}

// DoTxn runs fn with a context that carries a read-write transaction, committing when fn returns
// nil and discarding when it returns an error. If ctx already carries one, fn simply joins it.
// On a commit conflict fn is run again (up to a bound).
func (db *DB) DoTxn(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.inTxn(ctx) {
		return fn(ctx)
	}
	return db.commitRetrying(ctx, func() ([]func(), error) {
		st := &ctxTxn{db: db.bdb, txn: db.bdb.NewTransaction(true)}
		err := fn(context.WithValue(ctx, txnCtxKey{}, st))
		st.mu.Lock()
		defer st.mu.Unlock()
		st.done = true
		if err != nil {
			st.txn.Discard()
			return nil, errFromFn{err}
		}
		return st.hooks, st.txn.Commit()
	})
}

// Update runs fn in the transaction carried by ctx, or else in a transaction of its own that is
// committed (and retried on conflict) before Update returns. fn must use only tx, never call back
// into methods that take a ctx.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if st := db.ctxTxn(ctx); st != nil {
		st.mu.Lock()
		if !st.done {
			defer st.mu.Unlock()
			return fn(&Tx{Txn: st.txn, hooks: &st.hooks})
		}
		st.mu.Unlock()
	}
	return db.commitRetrying(ctx, func() ([]func(), error) {
		var hooks []func()
		txn := db.bdb.NewTransaction(true)
		if err := fn(&Tx{Txn: txn, hooks: &hooks}); err != nil {
			txn.Discard()
			return nil, errFromFn{err}
		}
		return hooks, txn.Commit()
	})
}

// commitRetrying runs attempt, one transaction that it commits, until it does not conflict (up to a
// bound), then runs the hooks it returned. attempt wraps its own function's error in errFromFn,
// which goes back as it is; other errors are the commit's.
func (db *DB) commitRetrying(ctx context.Context, attempt func() ([]func(), error)) error {
	for n := range maxConflictRetries {
		if n > 0 {
			if err := conflictBackoff(ctx, n); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var hooks []func()
		err := db.guarded(func() (err error) {
			hooks, err = attempt()
			return err
		})
		var fe errFromFn
		switch {
		case errors.As(err, &fe):
			return fe.err
		case errors.Is(err, ErrClosed):
			return err
		case errors.Is(err, badger.ErrConflict):
			continue
		case err != nil:
			return fmt.Errorf("store: commit: %w", err)
		}
		for _, h := range hooks {
			h()
		}
		return nil
	}
	return fmt.Errorf("store: transaction gave up after %d conflicting attempts: %w", maxConflictRetries, badger.ErrConflict)
}

// View runs fn on the transaction carried by ctx (so it sees that transaction's own writes), or
// else on a fresh read-only snapshot.
func (db *DB) View(ctx context.Context, fn func(txn *badger.Txn) error) error {
	if st := db.ctxTxn(ctx); st != nil {
		st.mu.Lock()
		if !st.done {
			defer st.mu.Unlock()
			return fn(st.txn)
		}
		st.mu.Unlock()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.view(fn)
}

// view and update run fn in a badger transaction of their own, registered with the close guard.
func (db *DB) view(fn func(txn *badger.Txn) error) error {
	return db.guarded(func() error { return db.bdb.View(fn) })
}

func (db *DB) update(fn func(txn *badger.Txn) error) error {
	return db.guarded(func() error { return db.bdb.Update(fn) })
}

// errFromFn marks an error returned by a transaction's own function, which goes back to the caller
// as it is, apart from the commit's errors.
type errFromFn struct{ err error }

func (e errFromFn) Error() string { return e.err.Error() }

// putEach writes n items with put(tx, i). Inside a ctx transaction, or when splittable is false,
// all n go into one transaction and ErrTxnTooBig becomes an error wrapping ErrTooBig. Otherwise a
// full transaction is committed and the rest continue in a new one: use this only where each
// item is consistent on its own.
func (db *DB) putEach(ctx context.Context, what string, n int, splittable bool, put func(tx *Tx, i int) error) error {
	tooBig := func(err error) error {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return fmt.Errorf("%s: %d items: %w", what, n, ErrTooBig)
		}
		return err
	}
	if !splittable || db.inTxn(ctx) {
		return tooBig(db.Update(ctx, func(tx *Tx) error {
			for i := range n {
				if err := put(tx, i); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	for start := 0; start < n; {
		next := start
		err := db.Update(ctx, func(tx *Tx) error {
			next = start
			for ; next < n; next++ {
				err := put(tx, next)
				if errors.Is(err, badger.ErrTxnTooBig) && next > start {
					return nil // commit what fits, continue in a new transaction
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return tooBig(err)
		}
		start = next
	}
	return nil
}

// deletePrefixes deletes every key under the given prefixes. Inside a ctx transaction that is one
// atomic step (ErrTooBig if it does not fit); otherwise it commits in as many transactions as needed.
func (db *DB) deletePrefixes(ctx context.Context, prefixes ...[]byte) error {
	for _, p := range prefixes {
		if len(p) == 0 {
			return errors.New("store: refusing to delete under an empty prefix")
		}
	}
	inTxn := db.inTxn(ctx)
	for {
		more := false
		err := db.Update(ctx, func(tx *Tx) error {
			more = false
			for _, p := range prefixes {
				full, err := deleteUnder(tx, p)
				if err != nil {
					return err
				}
				if full {
					more = true
					return nil
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		if inTxn {
			return fmt.Errorf("delete %q: %w", prefixes, ErrTooBig)
		}
	}
}

// deleteUnder deletes the keys under prefix until the transaction is full (then full is true).
func deleteUnder(tx *Tx, prefix []byte) (full bool, err error) {
	keys, err := keysUnder(tx.Txn, prefix)
	if err != nil {
		return false, err
	}
	for _, k := range keys {
		if err := tx.Delete(k); errors.Is(err, badger.ErrTxnTooBig) {
			return true, nil
		} else if err != nil {
			return false, err
		}
	}
	return false, nil
}

// keysUnder lists (copies of) the keys under prefix.
func keysUnder(txn *badger.Txn, prefix []byte) ([][]byte, error) {
	var keys [][]byte
	err := scan(txn, prefix, false, func(item *badger.Item) error {
		keys = append(keys, item.KeyCopy(nil))
		return nil
	})
	return keys, err
}

// errStopScan, returned by a scan callback, ends the scan early without error.
var errStopScan = errors.New("stop scan")

// scan calls fn for each item under prefix in key order; values are prefetched only if asked.
func scan(txn *badger.Txn, prefix []byte, values bool, fn func(item *badger.Item) error) error {
	opts := badger.DefaultIteratorOptions
	opts.PrefetchValues = values
	opts.Prefix = prefix
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if err := fn(it.Item()); errors.Is(err, errStopScan) {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// getValue returns a copy of the value at key, or nil when it is absent.
func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	if v == nil {
		v = []byte{} // present but empty, told apart from absent
	}
	return v, nil
}

func exists(txn *badger.Txn, key []byte) (bool, error) {
	_, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}
