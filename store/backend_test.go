package store_test

import (
	"io"
	"log/slog"

	"github.com/botrt/botrt/store"
	"github.com/botrt/botrt/store/internal/storetest"
)

// badgerStore is botrt's store as a storetest backend: a badger directory opened with the
// production defaults (fsync on every commit) and a container on it.
func badgerStore() storetest.Backend { return badgerStoreWith("badger", store.Options{}) }

// badgerStoreWith opens the store with opts (the logger is always silenced).
func badgerStoreWith(name string, opts store.Options) storetest.Backend {
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return storetest.Backend{
		Name: name,
		Open: func(dir string) (*storetest.Handle, error) {
			db, err := store.Open(dir, opts)
			if err != nil {
				return nil, err
			}
			c := store.NewContainer(db, nil)
			return &storetest.Handle{Container: c, LIDs: c.LIDMap, Close: db.Close}, nil
		},
		ErrDeviceIDMustBeSet: store.ErrDeviceIDMustBeSet,
	}
}
