package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"

	"go.mau.fi/whatsmeow/store/sqlstore"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// SQLStore is the reference backend: whatsmeow's sqlstore on SQLite through the pure-Go
// modernc.org/sqlite driver, in WAL mode with foreign keys on (sqlstore refuses to run without them:
// its device-delete cascade relies on them) and full fsync on commit, the same durability promise the
// badger store makes.
func SQLStore() Backend {
	return Backend{
		Name:                 "sqlstore",
		Open:                 openSQLStore,
		ErrDeviceIDMustBeSet: sqlstore.ErrDeviceIDMustBeSet,
		Quirks: Quirks{
			LIDDeviceStrippedOnDBPath:        true,
			PrivacyTokensSurviveDeviceDelete: true,
			StaleLIDCacheAfterRemap:          true,
		},
	}
}

func openSQLStore(dir string) (*Handle, error) {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + filepath.Join(dir, "whatsmeow.db") + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// One connection: SQLite serialises writers anyway, and with several connections concurrent
	// transactions fail with SQLITE_BUSY instead of waiting their turn.
	db.SetMaxOpenConns(1)
	c := sqlstore.NewWithDB(db, "sqlite3", nil)
	if err := c.Upgrade(context.Background()); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("upgrade sqlstore schema: %w", err)
	}
	return &Handle{Container: c, LIDs: c.LIDMap, Close: c.Close}, nil
}
