package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/botrt/botrt/store"
)

func openKVDB(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestKVSetGetDeleteSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	db := openKVDB(t, dir)
	kv, err := db.KV("echo")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := kv.Get("missing"); ok || err != nil {
		t.Fatalf("Get(missing) = ok %v, err %v", ok, err)
	}
	for i := range 3 {
		if err := kv.Set(fmt.Sprintf("user:%d", i), []byte(fmt.Sprint(i*10))); err != nil {
			t.Fatal(err)
		}
	}
	if err := kv.Set("other", []byte(`"x"`)); err != nil {
		t.Fatal(err)
	}
	if err := kv.Delete("user:1"); err != nil {
		t.Fatal(err)
	}
	if err := kv.Delete("never-set"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openKVDB(t, dir)
	defer db.Close()
	kv, _ = db.KV("echo")
	v, ok, err := kv.Get("user:2")
	if err != nil || !ok || string(v) != "20" {
		t.Fatalf("after reopen Get(user:2) = %q, %v, %v", v, ok, err)
	}
	if has, _ := kv.Has("user:1"); has {
		t.Fatal("deleted key still present after reopen")
	}
	if has, _ := kv.Has("other"); !has {
		t.Fatal("Has(other) = false")
	}
	keys, err := kv.Keys("user:")
	if err != nil || !slices.Equal(keys, []string{"user:0", "user:2"}) {
		t.Fatalf("Keys(user:) = %v, %v", keys, err)
	}
	all, _ := kv.Keys("")
	if !slices.Equal(all, []string{"other", "user:0", "user:2"}) {
		t.Fatalf("Keys() = %v", all)
	}
}

func TestKVNamespacesAreDisjoint(t *testing.T) {
	db := openKVDB(t, t.TempDir())
	defer db.Close()
	a, _ := db.KV("a")
	ab, _ := db.KV("ab")
	if err := a.Set("k", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := ab.Set("k", []byte("2")); err != nil {
		t.Fatal(err)
	}
	keys, _ := a.Keys("")
	if !slices.Equal(keys, []string{"k"}) {
		t.Fatalf("bot a sees %v", keys)
	}
	v, _, _ := a.Get("k")
	if string(v) != "1" {
		t.Fatalf("bot a reads %q", v)
	}
}

func TestKVRejectsBadInput(t *testing.T) {
	db := openKVDB(t, t.TempDir())
	defer db.Close()
	for _, name := range []string{"", "a/b", "x\x00"} {
		if _, err := db.KV(name); err == nil {
			t.Errorf("KV(%q) accepted", name)
		}
	}
	kv, _ := db.KV("bot")
	if err := kv.Set("", []byte("1")); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty key: %v", err)
	}
	if err := kv.Set(strings.Repeat("k", store.MaxKVKeyBytes+1), []byte("1")); err == nil || !strings.Contains(err.Error(), "longer") {
		t.Errorf("long key: %v", err)
	}
	if err := kv.Set("big", make([]byte, store.MaxKVValueBytes+1)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("big value: %v", err)
	}
	if _, _, err := kv.Get(""); err == nil {
		t.Error("Get of an empty key accepted")
	}
}

func BenchmarkKVSetGet(b *testing.B) {
	for _, sync := range []bool{false, true} {
		b.Run(fmt.Sprintf("fsync=%v", sync), func(b *testing.B) {
			db, err := store.Open(b.TempDir(), store.Options{NoSync: !sync})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			kv, _ := db.KV("bench")
			val := []byte(`{"count":12,"name":"someone"}`)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := fmt.Sprintf("user:%d", i%1000)
				if err := kv.Set(k, val); err != nil {
					b.Fatal(err)
				}
				if _, _, err := kv.Get(k); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
