// Package store keeps botrt's persistent state in one embedded badger database: whatsmeow's device
// and Signal state (a drop-in for whatsmeow's sqlstore) and the records other packages keep beside it.
//
// # Key prefixes
//
// Every package that writes into the shared *badger.DB must use its own key prefix family so that
// prefix scans and prefix deletes never touch another package's data. Reserved so far:
//
//	wa/    whatsmeow state owned by this package: devices, sessions, identities, pre-keys, sender
//	       keys, app state, contacts, chat settings, message secrets, privacy tokens, the decrypted
//	       event buffer and the global LID map (layout in docs/store.md). Nobody else writes here.
//	kv/    per-bot key-value stores of scripts, kv/<bot>/<key> (kv.go; values are JSON text).
//	q/     per-session durable event queues, q/<session>/... (queue.go).
//	msg/   per-session message stores for retries, quotes and polls, msg/<session>/... (messages.go).
//	sim/   the simulator's own database (sim/...): accounts, devices, keys, offline queues, groups,
//	       presence, app state, media. The simulator's virtual phones also keep wa/ records there.
//	sess/  protocol's session name → paired device JID, sess/<name> (protocol/registry.go).
//
// Other engineers pick a distinct first segment (for example "kv/", "q/", "sim/") and list it here.
package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// ErrWrongKey is returned by Open when the encryption key does not match the database: a wrong key,
// a key given for an unencrypted database, or no key given for an encrypted one. Badger detects this
// from its key registry before any data is read, so a wrong key never shows up as an empty store.
var ErrWrongKey = errors.New("store: encryption key does not match this database (wrong key, or key/no key mismatch with how it was created)")

// Options configures Open.
type Options struct {
	// EncryptionKey turns on encryption at rest (AES, key length 16, 24 or 32 bytes selects
	// AES-128/192/256). Nil opens an unencrypted database. A database keeps the mode it was created
	// with: it must always be reopened with the same key.
	EncryptionKey []byte
	// InMemory keeps everything in RAM (dir must be empty); for tests and throwaway simulators.
	InMemory bool
	// Logger receives badger's warnings and errors (its info/debug chatter is dropped).
	// Nil uses slog.Default().
	Logger *slog.Logger
	// NoSync skips the fsync after each commit. A commit that returned is then safe against a
	// process crash but not against power loss; the default (false) is safe against both.
	NoSync bool
}

// DB is the open database, shared by every package that persists state.
type DB struct {
	bdb *badger.DB
	log *slog.Logger
	use useGuard
}

// Open opens (creating if needed) the badger database in dir.
func Open(dir string, opts Options) (*DB, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	switch len(opts.EncryptionKey) {
	case 0, 16, 24, 32:
	default:
		return nil, fmt.Errorf("store: encryption key must be 16, 24 or 32 bytes, got %d", len(opts.EncryptionKey))
	}
	if opts.InMemory && dir != "" {
		return nil, errors.New("store: an in-memory database takes no directory")
	}
	if !opts.InMemory && dir == "" {
		return nil, errors.New("store: a database directory is required (or set InMemory)")
	}
	if !opts.InMemory {
		if err := removeTornFiles(dir); err != nil {
			return nil, err
		}
	}
	bopts := tunedOptions(dir, opts).WithLogger(slogAdapter{log})
	bdb, err := badger.Open(bopts)
	if err != nil {
		if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			return nil, fmt.Errorf("open %s: %w", dir, ErrWrongKey)
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	return &DB{bdb: bdb, log: log}, nil
}

// tunedOptions sizes badger for an embedded process holding a few WhatsApp accounts: small
// memtables and caches instead of badger's server-sized defaults (64 MiB memtables, 256 MiB cache).
// The memtable size also bounds one transaction (badger allows ~15% of it), which is why it is not
// smaller: a group send may store a few hundred Signal sessions in one commit.
func tunedOptions(dir string, opts Options) badger.Options {
	o := badger.DefaultOptions(dir).
		WithInMemory(opts.InMemory).
		WithSyncWrites(!opts.NoSync && !opts.InMemory).
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBaseTableSize(2 << 20).
		WithBaseLevelSize(8 << 20).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		// Block cache must be non-zero with compression or encryption (badger panics otherwise).
		WithBlockCacheSize(8 << 20).
		WithIndexCacheSize(4 << 20).
		WithValueLogFileSize(64 << 20).
		WithMetricsEnabled(false).
		WithLoggingLevel(badger.WARNING)
	if len(opts.EncryptionKey) > 0 {
		o = o.WithEncryptionKey(opts.EncryptionKey)
	}
	return o
}

// Badger exposes the underlying database for packages that keep their own records in it (under
// their own key prefix, see the package comment).
func (db *DB) Badger() *badger.DB { return db.bdb }

// Logger is the logger the database was opened with.
func (db *DB) Logger() *slog.Logger { return db.log }

// Close flushes and closes the database. Transactions still running get up to 10 s to finish;
// calls made after Close began fail with ErrClosed.
func (db *DB) Close() error {
	if !db.use.shut(closeDrainTimeout) {
		db.log.Warn("store: closing with transactions still running", "waited", closeDrainTimeout)
	}
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// LoadEncryptionKey reads an encryption key for Options.EncryptionKey. If file is non-empty the key
// is read from it, either as raw bytes (16, 24 or 32 of them) or as hex (surrounding whitespace
// ignored). Otherwise, if envVar is non-empty and set, its value is decoded as hex. It returns
// (nil, nil) when neither source is configured, meaning "no encryption".
func LoadEncryptionKey(file, envVar string) ([]byte, error) {
	if file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("store: read encryption key: %w", err)
		}
		key, err := parseKey(raw)
		if err != nil {
			return nil, fmt.Errorf("store: encryption key file %s: %w", file, err)
		}
		return key, nil
	}
	if envVar == "" {
		return nil, nil
	}
	val, ok := os.LookupEnv(envVar)
	if !ok {
		return nil, nil
	}
	key, err := decodeHexKey(strings.TrimSpace(val))
	if err != nil {
		return nil, fmt.Errorf("store: encryption key in $%s: %w", envVar, err)
	}
	return key, nil
}

// parseKey accepts a key file's content: text made only of hex digits is decoded as hex (the form
// `openssl rand -hex 32` writes); anything else must be a raw key of a valid length.
func parseKey(raw []byte) ([]byte, error) {
	if text := strings.TrimSpace(string(raw)); isHex(text) && text != "" {
		return decodeHexKey(text)
	}
	if validKeyLen(len(raw)) {
		return raw, nil
	}
	return nil, fmt.Errorf("want 16, 24 or 32 raw bytes or that many hex-encoded, got %d bytes", len(raw))
}

func decodeHexKey(text string) ([]byte, error) {
	key, err := hex.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("not valid hex: %w", err)
	}
	if !validKeyLen(len(key)) {
		return nil, fmt.Errorf("key is %d bytes, want 16, 24 or 32", len(key))
	}
	return key, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func validKeyLen(n int) bool { return n == 16 || n == 24 || n == 32 }

// slogAdapter routes badger's log lines to slog. Info and debug lines (compaction and flush
// chatter) are dropped; warnings and errors are kept.
type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Errorf(f string, args ...any) {
	a.log.Error(strings.TrimSpace(fmt.Sprintf(f, args...)), "component", "badger")
}

func (a slogAdapter) Warningf(f string, args ...any) {
	a.log.Warn(strings.TrimSpace(fmt.Sprintf(f, args...)), "component", "badger")
}

func (slogAdapter) Infof(string, ...any)  {}
func (slogAdapter) Debugf(string, ...any) {}
