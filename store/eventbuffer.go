package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
)

// The decrypted-event buffer: for each incoming ciphertext (by SHA-256) the plaintext it decrypted
// to, kept until whatsmeow has handled the event (then the plaintext is cleared and the hash alone
// marks it processed). Rows carry an insert-time index (et: time(8) hash(32)) for retention.

type bufferedEvent struct {
	plaintext  []byte // nil once cleared: "already processed"
	serverTime int64  // unix seconds
	insertTime int64  // unix milliseconds
}

func (e bufferedEvent) encode() []byte {
	return newRecord(len(e.plaintext) + 24).optBytes(e.plaintext).int(e.serverTime).int(e.insertTime).done()
}

func decodeBufferedEvent(v []byte) (bufferedEvent, error) {
	r := readRecord("buffered event", v)
	e := bufferedEvent{plaintext: r.optBytes("plaintext"), serverTime: r.int("server_timestamp"), insertTime: r.int("insert_timestamp")}
	return e, r.err()
}

func (s *DeviceStore) eventKey(hash [32]byte) []byte {
	return concat(s.prefix(famEventBuffer), hash[:])
}

func (s *DeviceStore) eventTimeKey(insertMS int64, hash [32]byte) []byte {
	return concat(s.prefix(famEventTime), be64(uint64(insertMS)), hash[:])
}

// GetBufferedEvent returns nil, nil for an unknown hash, and an event with nil Plaintext for one
// already processed.
func (s *DeviceStore) GetBufferedEvent(ctx context.Context, ciphertextHash [32]byte) (*wastore.BufferedEvent, error) {
	var out *wastore.BufferedEvent
	err := s.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, s.eventKey(ciphertextHash))
		if err != nil || v == nil {
			return err
		}
		e, err := decodeBufferedEvent(v)
		out = &wastore.BufferedEvent{Plaintext: e.plaintext, ServerTime: time.Unix(e.serverTime, 0), InsertTime: time.UnixMilli(e.insertTime)}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PutBufferedEvent inserts a new row; a hash already buffered is an error (whatsmeow looks it up first).
func (s *DeviceStore) PutBufferedEvent(ctx context.Context, ciphertextHash [32]byte, plaintext []byte, serverTimestamp time.Time) error {
	return s.update(ctx, func(tx *Tx) error {
		key := s.eventKey(ciphertextHash)
		if dup, err := exists(tx.Txn, key); err != nil {
			return err
		} else if dup {
			return fmt.Errorf("store: event %x is already buffered", ciphertextHash)
		}
		now := s.c.now().UnixMilli()
		if err := tx.Set(key, bufferedEvent{plaintext: plaintext, serverTime: serverTimestamp.Unix(), insertTime: now}.encode()); err != nil {
			return err
		}
		return tx.Set(s.eventTimeKey(now, ciphertextHash), nil)
	})
}

// DoDecryptionTxn runs fn in one transaction carried by its ctx (joining one ctx already carries),
// retried from the start if it loses a write conflict.
func (s *DeviceStore) DoDecryptionTxn(ctx context.Context, fn func(context.Context) error) error {
	return s.db.DoTxn(ctx, fn)
}

// ClearBufferedEventPlaintext drops the plaintext of a handled event, keeping its hash.
func (s *DeviceStore) ClearBufferedEventPlaintext(ctx context.Context, ciphertextHash [32]byte) error {
	return s.update(ctx, func(tx *Tx) error {
		key := s.eventKey(ciphertextHash)
		v, err := getValue(tx.Txn, key)
		if err != nil || v == nil {
			return err
		}
		e, err := decodeBufferedEvent(v)
		if err != nil {
			return err
		}
		e.plaintext = nil
		return tx.Set(key, e.encode())
	})
}

// DeleteOldBufferedHashes deletes buffered events older than 14 days, of every device in the
// database as sqlstore does: WhatsApp servers keep undelivered events no longer than that.
func (s *DeviceStore) DeleteOldBufferedHashes(ctx context.Context) error {
	_, err := s.c.deleteBufferedBefore(ctx, s.c.now().Add(-eventBufferServerRetention))
	return err
}
