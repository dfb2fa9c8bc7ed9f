package store_test

import (
	"bytes"
	"testing"

	"github.com/botrt/botrt/store"
	"github.com/botrt/botrt/store/internal/storetest"
)

// BenchmarkStore compares the hot paths of the badger store with whatsmeow's sqlstore on SQLite
// (both fsync on commit), plus the badger store encrypted at rest (AES-256) and with Options.NoSync
// to show what encryption and the fsync cost:
// `go test -run '^$' -bench Store -count 6 ./store | benchstat -col /store -`.
func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b,
		badgerStore(),
		storetest.SQLStore(),
		badgerStoreWith("badger-encrypted", store.Options{EncryptionKey: bytes.Repeat([]byte{0x42}, 32)}),
		badgerStoreWith("badger-nosync", store.Options{NoSync: true}),
	)
}
