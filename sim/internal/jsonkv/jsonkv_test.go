package jsonkv

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func TestRoundTripAndMissingKey(t *testing.T) {
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type rec struct{ Name string }
	if err := db.Update(func(txn *badger.Txn) error { return Put(txn, "k", rec{"a"}) }); err != nil {
		t.Fatal(err)
	}
	err = db.View(func(txn *badger.Txn) error {
		var got rec
		if err := Get(txn, []byte("k"), &got); err != nil || got.Name != "a" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if err := Get(txn, "missing", &got); !errors.Is(err, badger.ErrKeyNotFound) {
			t.Fatalf("missing key: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
