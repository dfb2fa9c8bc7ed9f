package accounts

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/botrt/botrt/sim/internal/jsonkv"
)

// notFound turns badger's missing-key error into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	return err
}

func exists(txn *badger.Txn, key []byte) bool {
	_, err := txn.Get(key)
	return err == nil
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	return notFound(jsonkv.Get(txn, key, v))
}

// scan calls fn with the value of every key under prefix, in key order.
func scan(txn *badger.Txn, prefix []byte, fn func(v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := it.Item().Value(fn); err != nil {
			return err
		}
	}
	return nil
}

// deletePrefix deletes every key under prefix inside txn.
func deletePrefix(txn *badger.Txn, prefix []byte) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
