package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// The event queue is how an inbound event survives between the moment the server hands it over and
// the moment every bot has handled it (ARCHITECTURE.md, "Delivery"). protocol appends each event
// before the server is acknowledged; each consumer (a bot) reads from its own cursor and advances it
// only after its handler settled, so a crash replays what was not finished. Payloads are opaque bytes
// here: protocol decides their encoding.
//
// Key family q/<session>/:
//
//	q/<session>/e/<seq:8 BE>   entry: append time (unix ns, 8 BE) || payload
//	q/<session>/h              head: the last sequence number handed out (8 BE); absent = 0
//	q/<session>/t              tail: the first sequence number still stored (8 BE); absent = 1
//	q/<session>/c/<consumer>   a consumer's cursor: the last sequence number it finished (8 BE)
//	q/<session>/m/<consumer>/<seq:8 BE>   an entry beyond the cursor the consumer finished (empty)
//	q/<session>/d/<dedupe>     dedupe marker (value: seq), expiring after QueueOptions.DedupeWindow
//
// Retention is bounded two ways. Entries every consumer has passed are deleted by Advance. And the
// queue never holds more than QueueOptions.MaxEntries: appending beyond that deletes the oldest
// entries even if a consumer has not read them (a bot that stays away must not fill the disk). Such
// a consumer sees the gap: Read returns entries whose first Seq is beyond its cursor+1, and Missed
// says how many were dropped. With no consumer at all, entries wait (up to the bound) for the first.

const queuePrefix = "q/"

// Defaults of QueueOptions.
const (
	DefaultQueueMaxEntries   = 100_000
	DefaultQueueDedupeWindow = 14 * 24 * time.Hour
	// MaxQueuePayloadBytes bounds one entry; an event larger than this is a bug upstream.
	MaxQueuePayloadBytes = 8 << 20
	// MaxQueueNameBytes bounds session, consumer and dedupe key names.
	MaxQueueNameBytes = 512
)

// ErrQueueClosed is returned by Wait after Close.
var ErrQueueClosed = errors.New("store: queue closed")

// QueueOptions configures a Queue; zero fields take the defaults above.
type QueueOptions struct {
	// MaxEntries is the most entries kept, consumed or not.
	MaxEntries uint64
	// DedupeWindow is how long AppendOnce remembers a dedupe key. It must exceed the time the server
	// may redeliver an event that was appended but not acknowledged (WhatsApp keeps offline messages
	// for about two weeks).
	DedupeWindow time.Duration
}

// QueueEntry is one queued event.
type QueueEntry struct {
	Seq      uint64
	Appended time.Time
	Payload  []byte
}

// JoinAt says where a consumer that is new to the queue starts.
type JoinAt int

const (
	// JoinOldest starts at the oldest stored entry: nothing appended before the consumer existed is
	// missed (a bot's first start on a session that already received messages).
	JoinOldest JoinAt = iota
	// JoinLatest starts after the newest entry: only events appended from now on.
	JoinLatest
)

// Queue is the durable event queue of one session. All methods are safe for concurrent use. Wait
// only learns of appends made through the same *Queue, so a session's producer and its consumers
// must share one handle (protocol's Session owns it).
type Queue struct {
	db      *DB
	session string
	prefix  []byte
	opts    QueueOptions

	appendMu sync.Mutex // serialises appends of this handle: fewer badger conflicts

	mu      sync.Mutex    // guards changed and closed
	changed chan struct{} // closed and replaced on every committed append; Wait selects on it
	closed  bool
}

// Queue opens the event queue of the named session (the same name protocol uses for the session:
// non-empty, no '/').
func (db *DB) Queue(session string, opts QueueOptions) (*Queue, error) {
	if err := checkQueueName("session", session); err != nil {
		return nil, err
	}
	if opts.MaxEntries == 0 {
		opts.MaxEntries = DefaultQueueMaxEntries
	}
	if opts.DedupeWindow <= 0 {
		opts.DedupeWindow = DefaultQueueDedupeWindow
	}
	return &Queue{
		db:      db,
		session: session,
		prefix:  []byte(queuePrefix + session + "/"),
		opts:    opts,
		changed: make(chan struct{}),
	}, nil
}

func checkQueueName(what, name string) error {
	if name == "" || strings.ContainsAny(name, "/\x00") || len(name) > MaxQueueNameBytes {
		return fmt.Errorf("store: queue: invalid %s name %q (non-empty, no '/', at most %d bytes)", what, name, MaxQueueNameBytes)
	}
	return nil
}

func (q *Queue) key(parts ...string) []byte {
	k := append([]byte(nil), q.prefix...)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

func (q *Queue) entryKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(q.key("e/"), seq)
}

// readU64 reads an 8-byte counter, def when absent.
func readU64(txn *badger.Txn, key []byte, def uint64) (uint64, error) {
	v, err := getValue(txn, key)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return def, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("store: queue: corrupt counter %q (%d bytes)", key, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// Append stores payload as the next entry and returns its sequence number. It is durable when it
// returns (the database syncs commits unless opened with NoSync). With a ctx carrying a store
// transaction (DB.DoTxn) it joins that transaction.
func (q *Queue) Append(ctx context.Context, payload []byte) (uint64, error) {
	seq, _, err := q.append(ctx, "", payload)
	return seq, err
}

// AppendOnce appends payload unless an entry with the same dedupe key was appended within the
// DedupeWindow; then it appends nothing and returns that entry's seq and false. protocol uses the
// message id, so a message the server redelivers (because the process died before acknowledging
// it) is queued once.
func (q *Queue) AppendOnce(ctx context.Context, dedupe string, payload []byte) (seq uint64, appended bool, err error) {
	if dedupe == "" || len(dedupe) > MaxQueueNameBytes {
		return 0, false, fmt.Errorf("store: queue %s: dedupe key must be 1..%d bytes", q.session, MaxQueueNameBytes)
	}
	return q.append(ctx, dedupe, payload)
}

func (q *Queue) append(ctx context.Context, dedupe string, payload []byte) (uint64, bool, error) {
	if len(payload) > MaxQueuePayloadBytes {
		return 0, false, fmt.Errorf("store: queue %s: payload of %d bytes exceeds the %d allowed", q.session, len(payload), MaxQueuePayloadBytes)
	}
	q.appendMu.Lock()
	defer q.appendMu.Unlock()
	var seq uint64
	appended := false
	err := q.db.Update(ctx, func(tx *Tx) error {
		appended = false
		if dedupe != "" {
			prev, err := getValue(tx.Txn, q.key("d/", dedupe))
			if err != nil {
				return err
			}
			if len(prev) == 8 {
				seq = binary.BigEndian.Uint64(prev)
				return nil
			}
		}
		head, err := readU64(tx.Txn, q.key("h"), 0)
		if err != nil {
			return err
		}
		seq = head + 1
		val := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(payload)), uint64(time.Now().UnixNano()))
		val = append(val, payload...)
		if err := tx.Set(q.entryKey(seq), val); err != nil {
			return err
		}
		if err := tx.Set(q.key("h"), be64(seq)); err != nil {
			return err
		}
		if dedupe != "" {
			e := badger.NewEntry(q.key("d/", dedupe), be64(seq)).WithTTL(q.opts.DedupeWindow)
			if err := tx.SetEntry(e); err != nil {
				return err
			}
		}
		if err := q.enforceBound(tx, seq); err != nil {
			return err
		}
		appended = true
		tx.OnCommit(q.notify)
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("store: queue %s: append: %w", q.session, err)
	}
	return seq, appended, nil
}

// enforceBound drops the oldest entries when head-tail+1 exceeds MaxEntries. At steady state that
// is one delete per append, so transactions stay small.
func (q *Queue) enforceBound(tx *Tx, head uint64) error {
	tail, err := readU64(tx.Txn, q.key("t"), 1)
	if err != nil {
		return err
	}
	if head < tail || head-tail+1 <= q.opts.MaxEntries {
		return nil
	}
	newTail := head - q.opts.MaxEntries + 1
	for s := tail; s < newTail; s++ {
		if err := tx.Delete(q.entryKey(s)); err != nil {
			return err
		}
	}
	return tx.Set(q.key("t"), be64(newTail))
}

// notify wakes every Wait. It runs as a commit hook: after append's own commit, or after the commit
// of the caller's transaction when append joined one.
func (q *Queue) notify() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	close(q.changed)
	q.changed = make(chan struct{})
}

// Head is the sequence number of the newest entry ever appended (0 for a new queue).
func (q *Queue) Head(ctx context.Context) (uint64, error) {
	var head uint64
	err := q.db.View(ctx, func(txn *badger.Txn) (err error) {
		head, err = readU64(txn, q.key("h"), 0)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: queue %s: head: %w", q.session, err)
	}
	return head, nil
}

// Read returns up to max entries with Seq > after, oldest first. If the first returned Seq is not
// after+1, the entries in between were dropped by the retention bound (see Missed).
func (q *Queue) Read(ctx context.Context, after uint64, max int) ([]QueueEntry, error) {
	if max <= 0 {
		return nil, fmt.Errorf("store: queue %s: read of %d entries", q.session, max)
	}
	var out []QueueEntry
	err := q.db.View(ctx, func(txn *badger.Txn) error {
		out = out[:0]
		opts := badger.DefaultIteratorOptions
		opts.Prefix = q.key("e/")
		opts.PrefetchSize = min(max, 100)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(q.entryKey(after + 1)); it.ValidForPrefix(opts.Prefix) && len(out) < max; it.Next() {
			item := it.Item()
			k := item.Key()
			if len(k) != len(opts.Prefix)+8 {
				return fmt.Errorf("corrupt entry key %q", k)
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if len(v) < 8 {
				return fmt.Errorf("corrupt entry %q (%d bytes)", k, len(v))
			}
			out = append(out, QueueEntry{
				Seq:      binary.BigEndian.Uint64(k[len(opts.Prefix):]),
				Appended: time.Unix(0, int64(binary.BigEndian.Uint64(v))),
				Payload:  v[8:],
			})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: queue %s: read: %w", q.session, err)
	}
	return out, nil
}

// Missed is how many entries after cursor were dropped by the retention bound before they were read.
func (q *Queue) Missed(ctx context.Context, cursor uint64) (uint64, error) {
	var tail uint64
	err := q.db.View(ctx, func(txn *badger.Txn) (err error) {
		tail, err = readU64(txn, q.key("t"), 1)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: queue %s: tail: %w", q.session, err)
	}
	if tail <= cursor+1 {
		return 0, nil
	}
	return tail - cursor - 1, nil
}

// Wait blocks until the queue holds an entry with Seq > after, ctx ends or the handle is closed.
func (q *Queue) Wait(ctx context.Context, after uint64) error {
	for {
		q.mu.Lock()
		ch, closed := q.changed, q.closed
		q.mu.Unlock()
		if closed {
			return ErrQueueClosed
		}
		head, err := q.Head(ctx)
		if err != nil {
			return err
		}
		if head > after {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close wakes every Wait with ErrQueueClosed. The stored queue is untouched.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		close(q.changed)
	}
}

// Join registers consumer (if new, at the position at says) and returns its cursor: the last
// sequence number it finished, so it reads from cursor+1.
func (q *Queue) Join(ctx context.Context, consumer string, at JoinAt) (uint64, error) {
	if err := checkQueueName("consumer", consumer); err != nil {
		return 0, err
	}
	var cursor uint64
	err := q.db.Update(ctx, func(tx *Tx) error {
		v, err := getValue(tx.Txn, q.key("c/", consumer))
		if err != nil {
			return err
		}
		if v != nil {
			if len(v) != 8 {
				return fmt.Errorf("corrupt cursor of %q", consumer)
			}
			cursor = binary.BigEndian.Uint64(v)
			return nil
		}
		if at == JoinLatest {
			if cursor, err = readU64(tx.Txn, q.key("h"), 0); err != nil {
				return err
			}
		} else {
			tail, err := readU64(tx.Txn, q.key("t"), 1)
			if err != nil {
				return err
			}
			cursor = tail - 1
		}
		return tx.Set(q.key("c/", consumer), be64(cursor))
	})
	if err != nil {
		return 0, fmt.Errorf("store: queue %s: join %s: %w", q.session, consumer, err)
	}
	return cursor, nil
}

// Cursor returns the cursor of a joined consumer; ok is false if it never joined (or left).
func (q *Queue) Cursor(ctx context.Context, consumer string) (cursor uint64, ok bool, err error) {
	if err := checkQueueName("consumer", consumer); err != nil {
		return 0, false, err
	}
	err = q.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, q.key("c/", consumer))
		if err != nil || v == nil {
			return err
		}
		if len(v) != 8 {
			return fmt.Errorf("corrupt cursor of %q", consumer)
		}
		cursor, ok = binary.BigEndian.Uint64(v), true
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("store: queue %s: cursor %s: %w", q.session, consumer, err)
	}
	return cursor, ok, nil
}

// Advance records that consumer finished every entry up to and including seq, then deletes the
// entries all consumers have passed (in the same transaction when they are few). A cursor never
// moves back (an older seq is ignored), never past the head, and only for a consumer that joined.
func (q *Queue) Advance(ctx context.Context, consumer string, seq uint64) error {
	if err := checkQueueName("consumer", consumer); err != nil {
		return err
	}
	trimmed := true
	err := q.db.Update(ctx, func(tx *Tx) error {
		trimmed = true
		cur, err := getValue(tx.Txn, q.key("c/", consumer))
		if err != nil {
			return err
		}
		if cur == nil {
			return fmt.Errorf("consumer %q has not joined", consumer)
		}
		if len(cur) != 8 {
			return fmt.Errorf("corrupt cursor of %q", consumer)
		}
		if seq <= binary.BigEndian.Uint64(cur) {
			return nil
		}
		head, err := readU64(tx.Txn, q.key("h"), 0)
		if err != nil {
			return err
		}
		if seq > head {
			return fmt.Errorf("cursor %d is past the head %d", seq, head)
		}
		if err := tx.Set(q.key("c/", consumer), be64(seq)); err != nil {
			return err
		}
		if err := q.deleteMarks(tx, consumer, seq); err != nil {
			return err
		}
		trimmed, err = q.trimStep(tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: queue %s: advance %s: %w", q.session, consumer, err)
	}
	if trimmed {
		return nil
	}
	return q.trim(ctx)
}

// MarkDone records that consumer finished entry seq ahead of its cursor, while entries before it
// are still being handled, so that a consumer resuming after a crash can skip it (DoneAhead)
// instead of handling it twice. Advance past seq removes the mark; a seq at or below the cursor
// is already done and ignored.
func (q *Queue) MarkDone(ctx context.Context, consumer string, seq uint64) error {
	if err := checkQueueName("consumer", consumer); err != nil {
		return err
	}
	err := q.db.Update(ctx, func(tx *Tx) error {
		cursor, err := q.cursorIn(tx.Txn, consumer)
		if err != nil || seq <= cursor {
			return err
		}
		head, err := readU64(tx.Txn, q.key("h"), 0)
		if err != nil {
			return err
		}
		if seq > head {
			return fmt.Errorf("mark %d is past the head %d", seq, head)
		}
		return tx.Set(q.markKey(consumer, seq), nil)
	})
	if err != nil {
		return fmt.Errorf("store: queue %s: mark %d done for %s: %w", q.session, seq, consumer, err)
	}
	return nil
}

// DoneAhead returns, ascending, the entries beyond consumer's cursor that MarkDone recorded.
func (q *Queue) DoneAhead(ctx context.Context, consumer string) ([]uint64, error) {
	if err := checkQueueName("consumer", consumer); err != nil {
		return nil, err
	}
	var seqs []uint64
	err := q.db.View(ctx, func(txn *badger.Txn) error {
		cursor, err := q.cursorIn(txn, consumer)
		if err != nil {
			return err
		}
		prefix := q.key("m/", consumer, "/")
		return scan(txn, prefix, false, func(item *badger.Item) error {
			if seq := binary.BigEndian.Uint64(item.Key()[len(prefix):]); seq > cursor {
				seqs = append(seqs, seq)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: queue %s: done-ahead marks of %s: %w", q.session, consumer, err)
	}
	return seqs, nil
}

func (q *Queue) markKey(consumer string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(q.key("m/", consumer, "/"), seq)
}

// cursorIn reads a joined consumer's cursor inside txn.
func (q *Queue) cursorIn(txn *badger.Txn, consumer string) (uint64, error) {
	v, err := getValue(txn, q.key("c/", consumer))
	switch {
	case err != nil:
		return 0, err
	case v == nil:
		return 0, fmt.Errorf("consumer %q has not joined", consumer)
	case len(v) != 8:
		return 0, fmt.Errorf("corrupt cursor of %q", consumer)
	}
	return binary.BigEndian.Uint64(v), nil
}

// deleteMarks removes consumer's MarkDone marks at or below seq (a window's worth at most).
func (q *Queue) deleteMarks(tx *Tx, consumer string, seq uint64) error {
	prefix := q.key("m/", consumer, "/")
	var keys [][]byte
	err := scan(tx.Txn, prefix, false, func(item *badger.Item) error {
		if binary.BigEndian.Uint64(item.Key()[len(prefix):]) > seq {
			return errStopScan
		}
		keys = append(keys, item.KeyCopy(nil))
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := tx.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Leave removes consumer's cursor, so it no longer holds entries back.
func (q *Queue) Leave(ctx context.Context, consumer string) error {
	if err := checkQueueName("consumer", consumer); err != nil {
		return err
	}
	err := q.db.Update(ctx, func(tx *Tx) error {
		if err := q.deleteMarks(tx, consumer, math.MaxUint64); err != nil {
			return err
		}
		return tx.Delete(q.key("c/", consumer))
	})
	if err != nil {
		return fmt.Errorf("store: queue %s: leave %s: %w", q.session, consumer, err)
	}
	return q.trim(ctx)
}

// trimBatch bounds the deletes of one trim transaction.
const trimBatch = 1000

// trim deletes entries at or below the lowest cursor, in batches.
func (q *Queue) trim(ctx context.Context) error {
	for {
		done := true
		err := q.db.Update(ctx, func(tx *Tx) (err error) {
			done, err = q.trimStep(tx)
			return err
		})
		if err != nil {
			return fmt.Errorf("store: queue %s: trim: %w", q.session, err)
		}
		if done {
			return nil
		}
	}
}

// trimStep deletes up to trimBatch entries at or below the lowest cursor (the writes of tx so far
// included) and reports whether none are left to delete.
func (q *Queue) trimStep(tx *Tx) (done bool, err error) {
	low, any, err := q.lowestCursor(tx.Txn)
	if err != nil || !any {
		return true, err
	}
	tail, err := readU64(tx.Txn, q.key("t"), 1)
	if err != nil || low < tail {
		return true, err
	}
	end := min(low, tail+trimBatch-1)
	for s := tail; s <= end; s++ {
		if err := tx.Delete(q.entryKey(s)); err != nil {
			return false, err
		}
	}
	return end == low, tx.Set(q.key("t"), be64(end+1))
}

func (q *Queue) lowestCursor(txn *badger.Txn) (low uint64, any bool, err error) {
	err = scan(txn, q.key("c/"), true, func(item *badger.Item) error {
		return item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("corrupt cursor %q", item.Key())
			}
			c := binary.BigEndian.Uint64(v)
			if !any || c < low {
				low, any = c, true
			}
			return nil
		})
	})
	return low, any, err
}

// Drop deletes the whole stored queue of the session (entries, cursors, dedupe markers), for a
// session that is logged out and removed. The handle is closed.
func (q *Queue) Drop(ctx context.Context) error {
	q.Close()
	if err := q.db.deletePrefixes(ctx, q.prefix); err != nil {
		return fmt.Errorf("store: queue %s: drop: %w", q.session, err)
	}
	return nil
}
