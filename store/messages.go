package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// The message store keeps the messages a session sent and received, as raw waE2E.Message protobuf
// bytes plus their key, so that protocol can answer whatsmeow's retry requests (GetMessageForRetry),
// and scripts can quote a message by key, read a stored poll to aggregate its votes, or call
// getMessage. It is bounded by count: past MessageOptions.MaxMessages the oldest-stored go first.
//
// Key family msg/<session>/:
//
//	msg/<session>/k/<chat>\x00<id>   record (see encodeMessage), led by its insertion number
//	msg/<session>/o/<n:8 BE>         insertion-order index: <chat>\x00<id>, for eviction
//	msg/<session>/n                  last insertion number handed out (8 BE)
//	msg/<session>/c                  number of stored messages (8 BE)

const messagesPrefix = "msg/"

// DefaultMaxMessages bounds a session's message store unless MessageOptions says otherwise; at a
// typical 0.3–2 KiB per message that is a few tens of MiB.
const DefaultMaxMessages = 50_000

// MaxMessageBytes bounds one stored message (media messages hold only keys and URLs, so real ones
// are far smaller).
const MaxMessageBytes = 4 << 20

// MessageOptions configures a Messages store; zero fields take the defaults.
type MessageOptions struct {
	MaxMessages uint64
}

// StoredMessage is one message and its key.
type StoredMessage struct {
	Chat      string    // chat JID (remoteJid)
	ID        string    // message id
	Sender    string    // author JID (participant in groups; the sender in chats), "" if unknown
	FromMe    bool      // sent by this account
	Timestamp time.Time // server timestamp
	Message   []byte    // the waE2E.Message protobuf
}

// Messages is one session's message store, safe for concurrent use.
type Messages struct {
	db      *DB
	session string
	prefix  []byte
	max     uint64
	putMu   sync.Mutex // serialises inserts of this handle (fewer badger conflicts on the counters)
}

// Messages opens the message store of the named session (non-empty, no '/').
func (db *DB) Messages(session string, opts MessageOptions) (*Messages, error) {
	if session == "" || strings.ContainsAny(session, "/\x00") {
		return nil, fmt.Errorf("store: messages: invalid session name %q (non-empty, no '/')", session)
	}
	if opts.MaxMessages == 0 {
		opts.MaxMessages = DefaultMaxMessages
	}
	return &Messages{db: db, session: session, prefix: []byte(messagesPrefix + session + "/"), max: opts.MaxMessages}, nil
}

func (m *Messages) key(fam string, rest []byte) []byte {
	k := make([]byte, 0, len(m.prefix)+len(fam)+len(rest))
	return append(append(append(k, m.prefix...), fam...), rest...)
}

func msgID(chat, id string) ([]byte, error) {
	if chat == "" || id == "" || strings.ContainsRune(chat, 0) || strings.ContainsRune(id, 0) ||
		len(chat)+len(id) > MaxQueueNameBytes {
		return nil, fmt.Errorf("store: messages: invalid key chat %q id %q", chat, id)
	}
	return []byte(chat + "\x00" + id), nil
}

func encodeMessage(n uint64, msg StoredMessage) []byte {
	return newRecord(len(msg.Message) + len(msg.Sender) + 24).
		int(int64(n)).
		str(msg.Sender).
		bool(msg.FromMe).
		int(msg.Timestamp.UnixMilli()).
		bytes(msg.Message).
		done()
}

func decodeMessage(chat, id string, v []byte) (n uint64, msg StoredMessage, err error) {
	r := readRecord("message", v)
	n = uint64(r.int("n"))
	msg = StoredMessage{Chat: chat, ID: id}
	msg.Sender = r.str("sender")
	msg.FromMe = r.bool("fromMe")
	msg.Timestamp = time.UnixMilli(r.int("timestamp"))
	msg.Message = r.bytes("message")
	return n, msg, r.err()
}

// Put stores msg, replacing a stored message with the same chat and id (an edit keeps its place in
// the eviction order). Joins a store transaction carried by ctx.
func (m *Messages) Put(ctx context.Context, msg StoredMessage) error {
	id, err := msgID(msg.Chat, msg.ID)
	if err != nil {
		return err
	}
	if len(msg.Message) > MaxMessageBytes {
		return fmt.Errorf("store: messages: message %s of %d bytes exceeds the %d allowed", msg.ID, len(msg.Message), MaxMessageBytes)
	}
	m.putMu.Lock()
	defer m.putMu.Unlock()
	err = m.db.Update(ctx, func(tx *Tx) error {
		k := m.key("k/", id)
		old, err := getValue(tx.Txn, k)
		if err != nil {
			return err
		}
		if old != nil {
			n, _, err := decodeMessage(msg.Chat, msg.ID, old)
			if err != nil {
				return err
			}
			return tx.Set(k, encodeMessage(n, msg))
		}
		n, err := readU64(tx.Txn, m.key("n", nil), 0)
		if err != nil {
			return err
		}
		count, err := readU64(tx.Txn, m.key("c", nil), 0)
		if err != nil {
			return err
		}
		n++
		count++
		for _, kv := range [][2][]byte{
			{k, encodeMessage(n, msg)},
			{m.key("o/", be64(n)), id},
			{m.key("n", nil), be64(n)},
		} {
			if err := tx.Set(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if count > m.max {
			evicted, err := m.evictOldest(tx, count-m.max)
			if err != nil {
				return err
			}
			count -= evicted
		}
		return tx.Set(m.key("c", nil), be64(count))
	})
	if err != nil {
		return fmt.Errorf("store: messages %s: put %s: %w", m.session, msg.ID, err)
	}
	return nil
}

// evictOldest deletes up to n of the oldest-stored messages.
func (m *Messages) evictOldest(tx *Tx, n uint64) (uint64, error) {
	var victims [][2][]byte
	err := scan(tx.Txn, m.key("o/", nil), true, func(item *badger.Item) error {
		id, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		victims = append(victims, [2][]byte{item.KeyCopy(nil), id})
		if uint64(len(victims)) == n {
			return errStopScan
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, v := range victims {
		if err := tx.Delete(v[0]); err != nil {
			return 0, err
		}
		if err := tx.Delete(m.key("k/", v[1])); err != nil {
			return 0, err
		}
	}
	return uint64(len(victims)), nil
}

// Get returns the stored message of chat with id; ok is false if it is not (or no longer) stored.
func (m *Messages) Get(ctx context.Context, chat, id string) (msg StoredMessage, ok bool, err error) {
	k, err := msgID(chat, id)
	if err != nil {
		return StoredMessage{}, false, err
	}
	err = m.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, m.key("k/", k))
		if err != nil || v == nil {
			return err
		}
		_, msg, err = decodeMessage(chat, id, v)
		ok = err == nil
		return err
	})
	if err != nil {
		return StoredMessage{}, false, fmt.Errorf("store: messages %s: get %s: %w", m.session, id, err)
	}
	return msg, ok, nil
}

// Delete removes a stored message; deleting one that is not stored is not an error.
func (m *Messages) Delete(ctx context.Context, chat, id string) error {
	k, err := msgID(chat, id)
	if err != nil {
		return err
	}
	m.putMu.Lock()
	defer m.putMu.Unlock()
	err = m.db.Update(ctx, func(tx *Tx) error {
		v, err := getValue(tx.Txn, m.key("k/", k))
		if err != nil || v == nil {
			return err
		}
		n, _, err := decodeMessage(chat, id, v)
		if err != nil {
			return err
		}
		count, err := readU64(tx.Txn, m.key("c", nil), 0)
		if err != nil {
			return err
		}
		if count > 0 {
			count--
		}
		if err := tx.Delete(m.key("k/", k)); err != nil {
			return err
		}
		if err := tx.Delete(m.key("o/", be64(n))); err != nil {
			return err
		}
		return tx.Set(m.key("c", nil), be64(count))
	})
	if err != nil {
		return fmt.Errorf("store: messages %s: delete %s: %w", m.session, id, err)
	}
	return nil
}

// Count is the number of stored messages.
func (m *Messages) Count(ctx context.Context) (uint64, error) {
	var n uint64
	err := m.db.View(ctx, func(txn *badger.Txn) (err error) {
		n, err = readU64(txn, m.key("c", nil), 0)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: messages %s: count: %w", m.session, err)
	}
	return n, nil
}

// Drop deletes every stored message of the session.
func (m *Messages) Drop(ctx context.Context) error {
	if err := m.db.deletePrefixes(ctx, m.prefix); err != nil {
		return fmt.Errorf("store: messages %s: drop: %w", m.session, err)
	}
	return nil
}
