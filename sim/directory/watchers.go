package directory

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// watchPrefix keys who asked for whose device list: sim/directory/watch/<phone>/<watcher phone>.
const watchPrefix = "sim/directory/watch/"

// watchSet remembers, also across restarts, which accounts asked for which accounts' device lists:
// those are the accounts WhatsApp tells about a device change (they cache the list), rather than every
// connected client, which made linking N sessions cost N² notifications.
type watchSet struct {
	db   *badger.DB
	seen sync.Map // watcher+"/"+phone -> struct{}: already stored
}

// add records that watcher asked for phone's device list.
func (w *watchSet) add(watcher, phone string) error {
	if watcher == phone {
		return nil // an account's own devices are always told
	}
	key := watchPrefix + phone + "/" + watcher
	if _, ok := w.seen.Load(key); ok {
		return nil
	}
	if err := w.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(key), nil) }); err != nil {
		return fmt.Errorf("directory: record device-list watcher: %w", err)
	}
	w.seen.Store(key, struct{}{})
	return nil
}

// of lists the phones of the accounts that asked for phone's device list.
func (w *watchSet) of(phone string) ([]string, error) {
	var out []string
	prefix := []byte(watchPrefix + phone + "/")
	err := w.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, strings.TrimPrefix(string(it.Item().Key()), string(prefix)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("directory: device-list watchers of %s: %w", phone, err)
	}
	return out, nil
}
