package store_test

import (
	"testing"

	"github.com/botrt/botrt/store"
	"github.com/botrt/botrt/store/internal/storetest"
)

// BenchmarkStore compares the hot paths of the badger store with whatsmeow's sqlstore on SQLite
// (both fsync on commit), plus the badger store with Options.NoSync to show what the fsync costs:
// `go test -run '^$' -bench Store -count 6 ./store | benchstat -col /store -`.
func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, badgerStore(), storetest.SQLStore(), badgerStoreWith("badger-nosync", store.Options{NoSync: true}))
}
