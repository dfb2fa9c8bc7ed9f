// Package offline is the simulator's per-device delivery queue, persisted in badger so that stanzas a
// device has not acknowledged survive both its disconnection and a restart of the simulator.
//
// Every stanza the server must not lose (messages, receipts, notifications) is pushed here before it is
// written to the device; it is removed when the device acknowledges it (ack or receipt). Entries are
// identified by an acknowledgement key derived from the stanza (see AckKey), which also dedupes a
// stanza pushed twice while still pending.
package offline

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// Key layout:
//
//	sim/q/<device AD JID>/<seq u64 BE>   entry: u16 BE ack-key length, ack key, marshalled node
//	sim/qk/<device AD JID>/<ack key>     seq u64 BE (index for removal and dedupe)
//	sim/qseq                             badger sequence
const (
	prefixEntry = "sim/q/"
	prefixIndex = "sim/qk/"
	seqKey      = "sim/qseq"
)

// Queue holds pending stanzas per device.
type Queue struct {
	db  *badger.DB
	seq *badger.Sequence
}

// Open prepares the queue in db. Close releases its sequence lease.
func Open(db *badger.DB) (*Queue, error) {
	seq, err := db.GetSequence([]byte(seqKey), 1000)
	if err != nil {
		return nil, fmt.Errorf("offline: sequence: %w", err)
	}
	return &Queue{db: db, seq: seq}, nil
}

// Close releases the sequence; the queue must not be used afterwards.
func (q *Queue) Close() error {
	if err := q.seq.Release(); err != nil {
		return fmt.Errorf("offline: release sequence: %w", err)
	}
	return nil
}

// Entry is one pending stanza.
type Entry struct {
	Seq    uint64
	AckKey string
	Node   *waBinary.Node
}

// Push stores node for dev. If a stanza with the same ack key is still pending, nothing is stored and
// dup is true.
func (q *Queue) Push(dev types.JID, node waBinary.Node) (seq uint64, dup bool, err error) {
	ackKey := AckKey(node)
	raw, err := waBinary.Marshal(node)
	if err != nil {
		return 0, false, fmt.Errorf("offline: marshal %s: %w", node.Tag, err)
	}
	if len(ackKey) > 0xffff {
		return 0, false, fmt.Errorf("offline: ack key of %d bytes is too long", len(ackKey))
	}
	seq, err = q.seq.Next()
	if err != nil {
		return 0, false, fmt.Errorf("offline: next sequence: %w", err)
	}
	err = q.db.Update(func(txn *badger.Txn) error {
		idx := indexKey(dev, ackKey)
		if _, err := txn.Get(idx); err == nil {
			dup = true
			return nil
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		val := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(ackKey)+len(raw)), uint16(len(ackKey)))
		val = append(append(val, ackKey...), raw...)
		if err := txn.Set(entryKey(dev, seq), val); err != nil {
			return err
		}
		return txn.Set(idx, binary.BigEndian.AppendUint64(nil, seq))
	})
	if err != nil {
		return 0, false, fmt.Errorf("offline: push to %s: %w", dev, err)
	}
	return seq, dup, nil
}

// Pending returns dev's entries in the order they were pushed.
func (q *Queue) Pending(dev types.JID) ([]Entry, error) {
	var out []Entry
	prefix := devicePrefix(prefixEntry, dev)
	err := q.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			seq := binary.BigEndian.Uint64(it.Item().Key()[len(prefix):])
			err := it.Item().Value(func(v []byte) error {
				e, err := decodeEntry(seq, v)
				if err != nil {
					return err
				}
				out = append(out, e)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("offline: pending of %s: %w", dev, err)
	}
	return out, nil
}

// Remove deletes dev's pending entry with this ack key; removed is false when there was none.
func (q *Queue) Remove(dev types.JID, ackKey string) (removed bool, err error) {
	err = q.db.Update(func(txn *badger.Txn) error {
		idx := indexKey(dev, ackKey)
		item, err := txn.Get(idx)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if len(v) != 8 {
			return fmt.Errorf("corrupt index entry for %q", ackKey)
		}
		removed = true
		if err := txn.Delete(entryKey(dev, binary.BigEndian.Uint64(v))); err != nil {
			return err
		}
		return txn.Delete(idx)
	})
	if err != nil {
		return false, fmt.Errorf("offline: remove from %s: %w", dev, err)
	}
	return removed, nil
}

// Purge drops everything pending for dev (the device was removed).
func (q *Queue) Purge(dev types.JID) error {
	for _, prefix := range []string{prefixEntry, prefixIndex} {
		if err := q.db.DropPrefix(devicePrefix(prefix, dev)); err != nil {
			return fmt.Errorf("offline: purge %s: %w", dev, err)
		}
	}
	return nil
}

func decodeEntry(seq uint64, v []byte) (Entry, error) {
	if len(v) < 2 {
		return Entry{}, fmt.Errorf("corrupt entry %d", seq)
	}
	n := int(binary.BigEndian.Uint16(v))
	if len(v) < 2+n+1 {
		return Entry{}, fmt.Errorf("corrupt entry %d", seq)
	}
	// Marshal prefixes a flags byte (0: uncompressed) that Unmarshal does not expect.
	node, err := waBinary.Unmarshal(v[2+n+1:])
	if err != nil {
		return Entry{}, fmt.Errorf("entry %d: %w", seq, err)
	}
	return Entry{Seq: seq, AckKey: string(v[2 : 2+n]), Node: node}, nil
}

func devicePrefix(prefix string, dev types.JID) []byte {
	return []byte(prefix + dev.ADString() + "/")
}

func entryKey(dev types.JID, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(devicePrefix(prefixEntry, dev), seq)
}

func indexKey(dev types.JID, ackKey string) []byte {
	return append(devicePrefix(prefixIndex, dev), ackKey...)
}
