package server

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/botrt/botrt/sim/wire"
)

const rootKeyKey = "sim/meta/root-key"

// loadRootKey returns the given key (storing it if the database has none yet), else the stored key,
// else a new one that is stored: clients pin the root, so it must survive restarts.
func loadRootKey(db *badger.DB, given *[32]byte) ([32]byte, error) {
	var key [32]byte
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(rootKeyKey))
		switch {
		case err == nil:
			if given != nil {
				key = *given
				return nil
			}
			return item.Value(func(v []byte) error {
				if len(v) != 32 {
					return fmt.Errorf("stored root key has %d bytes", len(v))
				}
				copy(key[:], v)
				return nil
			})
		case errors.Is(err, badger.ErrKeyNotFound):
			if given != nil {
				key = *given
			} else {
				key = wire.NewRootKey()
			}
			return txn.Set([]byte(rootKeyKey), key[:])
		default:
			return err
		}
	})
	if err != nil {
		return key, fmt.Errorf("server: root key: %w", err)
	}
	return key, nil
}
