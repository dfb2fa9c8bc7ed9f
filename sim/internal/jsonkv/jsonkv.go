// Package jsonkv stores the simulator's records as JSON values in badger, the one encoding every sim
// package uses for its state.
package jsonkv

import (
	"encoding/json"

	"github.com/dgraph-io/badger/v4"
)

// Get reads key into v; a missing key is badger.ErrKeyNotFound.
func Get[K ~string | ~[]byte](txn *badger.Txn, key K, v any) error {
	item, err := txn.Get([]byte(key))
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

// Put writes v as JSON under key.
func Put[K ~string | ~[]byte](txn *badger.Txn, key K, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set([]byte(key), b)
}
