package store

import (
	"context"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
)

// App-state sync keys (shared by the phone), keyed by their binary key ID.

func encodeSyncKey(k wastore.AppStateSyncKey) []byte {
	return newRecord(len(k.Data) + len(k.Fingerprint) + 12).bytes(k.Data).bytes(k.Fingerprint).int(k.Timestamp).done()
}

func decodeSyncKey(v []byte) (*wastore.AppStateSyncKey, error) {
	r := readRecord("app state sync key", v)
	k := &wastore.AppStateSyncKey{Data: r.bytes("key_data"), Fingerprint: r.bytes("fingerprint"), Timestamp: r.int("timestamp")}
	return k, r.err()
}

// PutAppStateSyncKey stores the key unless one with the same ID and an equal or newer timestamp is
// already there.
func (s *DeviceStore) PutAppStateSyncKey(ctx context.Context, id []byte, key wastore.AppStateSyncKey) error {
	return s.update(ctx, func(tx *Tx) error {
		k := concat(s.prefix(famAppStateKey), id)
		old, err := getValue(tx.Txn, k)
		if err != nil {
			return err
		}
		if old != nil {
			prev, err := decodeSyncKey(old)
			if err != nil {
				return err
			}
			if key.Timestamp <= prev.Timestamp {
				return nil
			}
		}
		return tx.Set(k, encodeSyncKey(key))
	})
}

// GetAppStateSyncKey returns nil, nil for an unknown ID.
func (s *DeviceStore) GetAppStateSyncKey(ctx context.Context, id []byte) (key *wastore.AppStateSyncKey, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, concat(s.prefix(famAppStateKey), id))
		if err != nil || v == nil {
			return err
		}
		key, err = decodeSyncKey(v)
		return err
	})
	return key, err
}

// GetLatestAppStateSyncKeyID returns the ID of the key with the highest timestamp (the first in ID
// order among equals), or nil when there are no keys.
func (s *DeviceStore) GetLatestAppStateSyncKeyID(ctx context.Context) (latest []byte, err error) {
	prefix := s.prefix(famAppStateKey)
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		var best int64
		return scan(txn, prefix, true, func(item *badger.Item) error {
			return item.Value(func(v []byte) error {
				k, err := decodeSyncKey(v)
				if err != nil {
					return err
				}
				if latest == nil || k.Timestamp > best {
					latest, best = item.KeyCopy(nil)[len(prefix):], k.Timestamp
				}
				return nil
			})
		})
	})
	return latest, err
}
