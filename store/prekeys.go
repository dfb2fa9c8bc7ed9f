package store

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/util/keys"
)

// One-time pre-keys, keyed by big-endian 24-bit ID (so key order is ID order); the value is an
// uploaded flag byte followed by the 32-byte private key. Keys not yet uploaded also have an empty
// row in the pf family: whatsmeow asks for those, and a long-lived account accumulates uploaded
// keys the server has not handed out yet, which a lookup must not wade through (deriving a public
// key per row costs a Curve25519 multiplication).

const maxPreKeyID = 1<<24 - 1

func encodePreKey(priv *[32]byte, uploaded bool) []byte {
	v := make([]byte, 33)
	if uploaded {
		v[0] = 1
	}
	copy(v[1:], priv[:])
	return v
}

func decodePreKey(id uint32, v []byte) (key *keys.PreKey, uploaded bool, err error) {
	if len(v) != 33 || v[0] > 1 {
		return nil, false, fmt.Errorf("%w: pre-key %d", errCorrupt, id)
	}
	return &keys.PreKey{KeyPair: *keys.NewKeyPairFromPrivateKey([32]byte(v[1:])), KeyID: id}, v[0] == 1, nil
}

func (s *DeviceStore) preKeyKey(id uint32) []byte { return concat(s.prefix(famPreKey), be32(id)) }
func (s *DeviceStore) freshKey(id uint32) []byte  { return concat(s.prefix(famPreKeyFresh), be32(id)) }

func preKeyID(prefix, key []byte) uint32 { return binary.BigEndian.Uint32(key[len(prefix):]) }

// nextPreKeyID is one above the highest stored ID (1 when there is none).
func (s *DeviceStore) nextPreKeyID(txn *badger.Txn) (uint32, error) {
	prefix := s.prefix(famPreKey)
	opts := badger.DefaultIteratorOptions
	opts.PrefetchValues = false
	opts.Reverse = true
	opts.Prefix = prefix
	it := txn.NewIterator(opts)
	defer it.Close()
	it.Seek(concat(prefix, []byte{0xff, 0xff, 0xff, 0xff, 0xff}))
	if !it.ValidForPrefix(prefix) {
		return 1, nil
	}
	return preKeyID(prefix, it.Item().Key()) + 1, nil
}

func (s *DeviceStore) genPreKey(tx *Tx, id uint32, uploaded bool) (*keys.PreKey, error) {
	if id > maxPreKeyID {
		return nil, fmt.Errorf("pre-key id %d exceeds the 24-bit range", id)
	}
	key := keys.NewPreKey(id)
	if err := tx.Set(s.preKeyKey(id), encodePreKey(key.Priv, uploaded)); err != nil {
		return nil, err
	}
	if !uploaded {
		return key, tx.Set(s.freshKey(id), nil)
	}
	return key, nil
}

// freshIDs lists up to limit IDs of keys not yet uploaded, lowest first (limit < 0: all).
func (s *DeviceStore) freshIDs(txn *badger.Txn, limit int) ([]uint32, error) {
	prefix := s.prefix(famPreKeyFresh)
	var ids []uint32
	err := scan(txn, prefix, false, func(item *badger.Item) error {
		if limit >= 0 && len(ids) >= limit {
			return errStopScan
		}
		ids = append(ids, preKeyID(prefix, item.Key()))
		return nil
	})
	return ids, err
}

// GenOnePreKey stores one new key above the highest ID, already marked uploaded (whatsmeow sends
// it along with a message right away).
func (s *DeviceStore) GenOnePreKey(ctx context.Context) (key *keys.PreKey, err error) {
	s.preKeyLock.Lock()
	defer s.preKeyLock.Unlock()
	err = s.update(ctx, func(tx *Tx) error {
		id, err := s.nextPreKeyID(tx.Txn)
		if err != nil {
			return err
		}
		key, err = s.genPreKey(tx, id, true)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: generate pre-key: %w", err)
	}
	return key, nil
}

// GetOrGenPreKeys returns count not-yet-uploaded keys, lowest IDs first, generating (and storing,
// unmarked) as many new ones above the highest ID as are missing.
func (s *DeviceStore) GetOrGenPreKeys(ctx context.Context, count uint32) ([]*keys.PreKey, error) {
	s.preKeyLock.Lock()
	defer s.preKeyLock.Unlock()
	var out []*keys.PreKey
	err := s.update(ctx, func(tx *Tx) error {
		out = make([]*keys.PreKey, 0, count)
		ids, err := s.freshIDs(tx.Txn, int(count))
		if err != nil {
			return err
		}
		for _, id := range ids {
			v, err := getValue(tx.Txn, s.preKeyKey(id))
			if err != nil {
				return err
			}
			if v == nil {
				return fmt.Errorf("%w: pre-key %d is indexed as not uploaded but missing", errCorrupt, id)
			}
			key, _, err := decodePreKey(id, v)
			if err != nil {
				return err
			}
			out = append(out, key)
		}
		if uint32(len(out)) == count {
			return nil
		}
		next, err := s.nextPreKeyID(tx.Txn)
		if err != nil {
			return err
		}
		for uint32(len(out)) < count {
			key, err := s.genPreKey(tx, next, false)
			if err != nil {
				return err
			}
			out = append(out, key)
			next++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: get or generate pre-keys: %w", err)
	}
	return out, nil
}

// GetPreKey returns nil, nil for an unknown ID.
func (s *DeviceStore) GetPreKey(ctx context.Context, id uint32) (key *keys.PreKey, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, s.preKeyKey(id))
		if err != nil || v == nil {
			return err
		}
		key, _, err = decodePreKey(id, v)
		return err
	})
	return key, err
}

func (s *DeviceStore) RemovePreKey(ctx context.Context, id uint32) error {
	return s.update(ctx, func(tx *Tx) error {
		if err := tx.Delete(s.preKeyKey(id)); err != nil {
			return err
		}
		return tx.Delete(s.freshKey(id))
	})
}

// MarkPreKeysAsUploaded flags every key with ID <= upToID as uploaded.
func (s *DeviceStore) MarkPreKeysAsUploaded(ctx context.Context, upToID uint32) error {
	return s.update(ctx, func(tx *Tx) error {
		ids, err := s.freshIDs(tx.Txn, -1)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if id > upToID {
				break // IDs are in ascending order
			}
			v, err := getValue(tx.Txn, s.preKeyKey(id))
			if err != nil {
				return err
			}
			if v != nil {
				if len(v) != 33 {
					return fmt.Errorf("%w: pre-key %d", errCorrupt, id)
				}
				v[0] = 1
				if err := tx.Set(s.preKeyKey(id), v); err != nil {
					return err
				}
			}
			if err := tx.Delete(s.freshKey(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// UploadedPreKeyCount counts the stored keys minus those not yet uploaded (keys only, no values).
func (s *DeviceStore) UploadedPreKeyCount(ctx context.Context) (count int, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		all, err := countUnder(txn, s.prefix(famPreKey))
		if err != nil {
			return err
		}
		fresh, err := countUnder(txn, s.prefix(famPreKeyFresh))
		count = all - fresh
		return err
	})
	return count, err
}

func countUnder(txn *badger.Txn, prefix []byte) (n int, err error) {
	err = scan(txn, prefix, false, func(*badger.Item) error { n++; return nil })
	return n, err
}
