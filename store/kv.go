package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Limits of the per-bot key-value store. They keep one bot from writing
// records that would stall badger (its value log handles large values, but a
// bot's state is meant to be small) and keys readable in listings.
const (
	MaxKVKeyBytes   = 1024
	MaxKVValueBytes = 1 << 20
)

// kvPrefix is the key family of the per-bot key-value stores: kv/<bot>/<key>.
const kvPrefix = "kv/"

// KV is one bot's private key-value namespace. Values are opaque bytes (the
// script API stores JSON text). Every method is one badger transaction, safe
// from any goroutine.
type KV struct {
	db     *DB
	bot    string
	prefix []byte
}

// KV opens the namespace of the named bot. The name must be non-empty and
// contain no '/', so that one bot's prefix is never a prefix of another's.
func (db *DB) KV(bot string) (*KV, error) {
	if bot == "" || strings.ContainsAny(bot, "/\x00") {
		return nil, fmt.Errorf("store: kv: invalid bot name %q (non-empty, no '/')", bot)
	}
	return &KV{db: db, bot: bot, prefix: []byte(kvPrefix + bot + "/")}, nil
}

func (k *KV) key(key string) ([]byte, error) {
	if key == "" {
		return nil, errors.New("store: kv: the key must not be empty")
	}
	if len(key) > MaxKVKeyBytes {
		return nil, fmt.Errorf("store: kv: key of %d bytes is longer than the %d allowed", len(key), MaxKVKeyBytes)
	}
	return append(append([]byte(nil), k.prefix...), key...), nil
}

// Get returns the value of key; ok is false when it is not set.
func (k *KV) Get(key string) (value []byte, ok bool, err error) {
	bk, err := k.key(key)
	if err != nil {
		return nil, false, err
	}
	err = k.db.view(func(txn *badger.Txn) error {
		item, err := txn.Get(bk)
		if err != nil {
			return err
		}
		value, err = item.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: kv %s: get %q: %w", k.bot, key, err)
	}
	return value, true, nil
}

// Has reports whether key is set.
func (k *KV) Has(key string) (bool, error) {
	bk, err := k.key(key)
	if err != nil {
		return false, err
	}
	err = k.db.view(func(txn *badger.Txn) error {
		_, err := txn.Get(bk)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: kv %s: has %q: %w", k.bot, key, err)
	}
	return true, nil
}

// Set stores value under key, durably once it returns.
func (k *KV) Set(key string, value []byte) error {
	bk, err := k.key(key)
	if err != nil {
		return err
	}
	if len(value) > MaxKVValueBytes {
		return fmt.Errorf("store: kv %s: value of %q is %d bytes, more than the %d allowed", k.bot, key, len(value), MaxKVValueBytes)
	}
	if err := k.db.update(func(txn *badger.Txn) error { return txn.Set(bk, value) }); err != nil {
		return fmt.Errorf("store: kv %s: set %q: %w", k.bot, key, err)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (k *KV) Delete(key string) error {
	bk, err := k.key(key)
	if err != nil {
		return err
	}
	if err := k.db.update(func(txn *badger.Txn) error { return txn.Delete(bk) }); err != nil {
		return fmt.Errorf("store: kv %s: delete %q: %w", k.bot, key, err)
	}
	return nil
}

// Keys lists the keys starting with prefix ("" for all), in byte order.
func (k *KV) Keys(prefix string) ([]string, error) {
	scan := append(append([]byte(nil), k.prefix...), prefix...)
	var keys []string
	err := k.db.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: scan})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, string(it.Item().Key()[len(k.prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: kv %s: keys %q: %w", k.bot, prefix, err)
	}
	return keys, nil
}
