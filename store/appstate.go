package store

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
)

// App-state collections: a version and 128-byte hash per collection name, and the mutation MACs
// of each collection keyed name 0x00 indexMAC(32) version(8, big-endian) so that the highest
// version of an index MAC is the last key of its range. As in the SQL schema, MACs are 32 bytes,
// MACs belong to a stored version row (deleting the version deletes them), and inserting the same
// (version, index MAC) twice is an error.

const macLen = 32

func (s *DeviceStore) versionKey(name string) []byte { return rowKey(s.prefix(famAppStateVer), name) }

// macPrefix is the key range of one collection's MACs, or of one index MAC in it if given.
func (s *DeviceStore) macPrefix(name string, indexMAC []byte) []byte {
	return concat(rowKey(s.prefix(famAppStateMAC), name), []byte{sep}, indexMAC)
}

func (s *DeviceStore) PutAppStateVersion(ctx context.Context, name string, version uint64, hash [128]byte) error {
	if err := checkKeyParts("app state name", name); err != nil {
		return err
	}
	return s.update(ctx, func(tx *Tx) error {
		v := make([]byte, 8, 8+len(hash))
		binary.BigEndian.PutUint64(v, version)
		return tx.Set(s.versionKey(name), append(v, hash[:]...))
	})
}

// GetAppStateVersion returns version 0 and a zero hash for an unknown collection (the initial state).
func (s *DeviceStore) GetAppStateVersion(ctx context.Context, name string) (version uint64, hash [128]byte, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, s.versionKey(name))
		switch {
		case err != nil || v == nil:
			return err
		case len(v) != 8+128:
			return fmt.Errorf("%w: app state version %s", errCorrupt, name)
		}
		version, hash = binary.BigEndian.Uint64(v), [128]byte(v[8:])
		return nil
	})
	return version, hash, err
}

// DeleteAppStateVersion deletes the collection's version and all of its mutation MACs (whatsmeow
// does this before a full re-sync). Outside of a caller's transaction the MACs go first, in as many
// transactions as they need (a big collection may not fit in one), and the version last: a crash in
// between leaves a version whose MACs are gone, which whatsmeow repairs with another full sync,
// never MACs without a version, which would collide with the re-synced ones.
func (s *DeviceStore) DeleteAppStateVersion(ctx context.Context, name string) error {
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	if err := checkKeyParts("app state name", name); err != nil {
		return err
	}
	if err := s.db.deletePrefixes(ctx, s.macPrefix(name, nil)); err != nil {
		return err
	}
	return s.update(ctx, func(tx *Tx) error { return tx.Delete(s.versionKey(name)) })
}

// PutAppStateMutationMACs inserts the MACs of one patch atomically.
func (s *DeviceStore) PutAppStateMutationMACs(ctx context.Context, name string, version uint64, mutations []wastore.AppStateMutationMAC) error {
	if len(mutations) == 0 {
		return nil
	}
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	if err := checkKeyParts("app state name", name); err != nil {
		return err
	}
	for _, m := range mutations {
		if len(m.IndexMAC) != macLen || len(m.ValueMAC) != macLen {
			return fmt.Errorf("store: app state %s v%d: mutation MACs must be %d bytes", name, version, macLen)
		}
	}
	return s.db.putEach(ctx, "put app state mutation MACs", len(mutations), false, func(tx *Tx, i int) error {
		if i == 0 {
			if ok, err := exists(tx.Txn, s.versionKey(name)); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("store: app state %s has no stored version to attach mutation MACs to", name)
			}
		}
		k := concat(s.macPrefix(name, mutations[i].IndexMAC), be64(version))
		if dup, err := exists(tx.Txn, k); err != nil {
			return err
		} else if dup {
			return fmt.Errorf("store: app state %s v%d: mutation MAC %x already stored", name, version, mutations[i].IndexMAC)
		}
		return tx.Set(k, mutations[i].ValueMAC)
	})
}

// DeleteAppStateMutationMACs deletes every version of the given index MACs.
func (s *DeviceStore) DeleteAppStateMutationMACs(ctx context.Context, name string, indexMACs [][]byte) error {
	if len(indexMACs) == 0 {
		return nil
	}
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	if err := checkKeyParts("app state name", name); err != nil {
		return err
	}
	prefixes := make([][]byte, 0, len(indexMACs))
	for _, m := range indexMACs {
		if len(m) == macLen { // no other length can have been stored
			prefixes = append(prefixes, s.macPrefix(name, m))
		}
	}
	return s.db.deletePrefixes(ctx, prefixes...)
}

// GetAppStateMutationMAC returns the value MAC of the highest version of indexMAC, or nil.
func (s *DeviceStore) GetAppStateMutationMAC(ctx context.Context, name string, indexMAC []byte) (valueMAC []byte, err error) {
	if len(indexMAC) != macLen {
		return nil, nil
	}
	if err := checkKeyParts("app state name", name); err != nil {
		return nil, err
	}
	prefix := s.macPrefix(name, indexMAC)
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Reverse = true
		opts.Prefix = prefix
		it := txn.NewIterator(opts)
		defer it.Close()
		it.Seek(concat(prefix, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}))
		if !it.ValidForPrefix(prefix) {
			return nil
		}
		valueMAC, err = it.Item().ValueCopy(nil)
		return err
	})
	return valueMAC, err
}
