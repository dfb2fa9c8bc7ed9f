package store_test

import (
	"io"
	"log/slog"

	"github.com/botrt/botrt/store"
	"github.com/botrt/botrt/store/internal/storetest"
)

// badgerStore is botrt's store as a storetest backend: a badger directory opened with the
// production defaults (SyncWrites on) and a container on it.
func badgerStore() storetest.Backend {
	return storetest.Backend{
		Name: "badger",
		Open: func(dir string) (*storetest.Handle, error) {
			db, err := store.Open(dir, store.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				return nil, err
			}
			c := store.NewContainer(db, nil)
			return &storetest.Handle{Container: c, LIDs: c.LIDMap, Close: db.Close}, nil
		},
		ErrDeviceIDMustBeSet: store.ErrDeviceIDMustBeSet,
	}
}
