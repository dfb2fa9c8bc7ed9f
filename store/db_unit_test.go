package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

func TestOpenWrongKeyIsClearError(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{7}, 32)
	db, err := Open(dir, Options{EncryptionKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Badger().Update(func(txn *badger.Txn) error { return txn.Set([]byte("t/x"), []byte("secret")) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for name, k := range map[string][]byte{
		"other key": bytes.Repeat([]byte{8}, 32),
		"no key":    nil,
		"short key": bytes.Repeat([]byte{7}, 16),
	} {
		_, err := Open(dir, Options{EncryptionKey: k})
		if !errors.Is(err, ErrWrongKey) {
			t.Errorf("%s: got %v, want ErrWrongKey", name, err)
		}
	}

	db, err = Open(dir, Options{EncryptionKey: key})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Badger().View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("t/x"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if string(v) != "secret" {
			t.Errorf("value %q after reopen", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenKeyOnPlainDatabaseIsRejected(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(dir, Options{EncryptionKey: bytes.Repeat([]byte{1}, 16)}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("got %v, want ErrWrongKey", err)
	}
}

func TestOpenBadOptions(t *testing.T) {
	if _, err := Open(t.TempDir(), Options{EncryptionKey: []byte("short")}); err == nil || !strings.Contains(err.Error(), "16, 24 or 32") {
		t.Errorf("bad key length: %v", err)
	}
	if _, err := Open("", Options{}); err == nil {
		t.Error("empty dir accepted")
	}
	if _, err := Open(t.TempDir(), Options{InMemory: true}); err == nil {
		t.Error("dir with InMemory accepted")
	}
	db, err := Open("", Options{InMemory: true, EncryptionKey: bytes.Repeat([]byte{1}, 24)})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestLoadEncryptionKey(t *testing.T) {
	dir := t.TempDir()
	raw := bytes.Repeat([]byte{0xfe}, 32)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hexFile := write("hex", []byte(strings.Repeat("fe", 32)+"\n"))
	rawFile := write("raw", raw)
	badFile := write("bad", []byte("not a key"))

	for _, f := range []string{hexFile, rawFile} {
		got, err := LoadEncryptionKey(f, "")
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("%s: got %x, %v", f, got, err)
		}
	}
	if _, err := LoadEncryptionKey(badFile, ""); err == nil {
		t.Error("bad key file accepted")
	}
	if _, err := LoadEncryptionKey(filepath.Join(dir, "missing"), ""); err == nil {
		t.Error("missing key file accepted")
	}

	t.Setenv("BOTRT_TEST_KEY", strings.Repeat("ab", 16))
	got, err := LoadEncryptionKey("", "BOTRT_TEST_KEY")
	if err != nil || !bytes.Equal(got, bytes.Repeat([]byte{0xab}, 16)) {
		t.Errorf("env: got %x, %v", got, err)
	}
	t.Setenv("BOTRT_TEST_KEY", "zz")
	if _, err := LoadEncryptionKey("", "BOTRT_TEST_KEY"); err == nil {
		t.Error("bad hex in env accepted")
	}
	if got, err := LoadEncryptionKey("", "BOTRT_TEST_KEY_UNSET"); got != nil || err != nil {
		t.Errorf("unset env: got %x, %v", got, err)
	}
}

// BenchmarkOpenFootprint reports the Go heap an open database holds (memtable arenas, caches) after
// a small account's worth of writes: 2,000 sessions of 1 KiB.
func BenchmarkOpenFootprint(b *testing.B) {
	var before, after runtime.MemStats
	for range b.N {
		runtime.GC()
		runtime.ReadMemStats(&before)
		db, err := Open(b.TempDir(), Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		err = db.Badger().Update(func(txn *badger.Txn) error {
			for i := range 2000 {
				if err := txn.Set([]byte(fmt.Sprintf("t/%d", i)), bytes.Repeat([]byte{1}, 1024)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "heap-MiB")
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncryptionLeavesNoPlaintextOnDisk writes a distinctive value and looks for it in every file
// of the database directory: found without a key (so the search works), absent with one.
func TestEncryptionLeavesNoPlaintextOnDisk(t *testing.T) {
	marker := randBytes(48)
	onDisk := func(key []byte) bool {
		dir := t.TempDir()
		db, err := Open(dir, Options{EncryptionKey: key})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Badger().Update(func(txn *badger.Txn) error { return txn.Set([]byte("t/secret"), marker) }); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		found := false
		err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			found = found || bytes.Contains(data, marker)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	if !onDisk(nil) {
		t.Fatal("control: the value is not found in an unencrypted database, the search is broken")
	}
	if onDisk(randBytes(32)) {
		t.Fatal("the value is stored in plaintext in an encrypted database")
	}
}

// TestClosedDatabaseRefusesCalls: a call that starts after Close gets ErrClosed, never badger's panic
// (its iterators panic on a closed database), and Close waits for a transaction already running.
func TestClosedDatabaseRefusesCalls(t *testing.T) {
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	inside, release := make(chan struct{}), make(chan struct{})
	running := make(chan error, 1)
	go func() {
		running <- db.Update(ctx, func(tx *Tx) error {
			close(inside)
			<-release
			return tx.Set([]byte("test/k"), []byte("v"))
		})
	}()
	<-inside
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	// Close must not finish while the transaction runs; new calls are refused meanwhile.
	deadline := time.Now().Add(5 * time.Second)
	for db.View(ctx, func(*badger.Txn) error { return nil }) == nil {
		if time.Now().After(deadline) {
			t.Fatal("calls still accepted after Close began")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a transaction was running", err)
	default:
	}
	close(release)
	if err := <-running; err != nil {
		t.Fatalf("running transaction: %v", err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := db.View(ctx, func(txn *badger.Txn) error {
		return scan(txn, []byte("test/"), false, func(*badger.Item) error { return nil })
	}); !errors.Is(err, ErrClosed) {
		t.Fatalf("View after Close: %v, want ErrClosed", err)
	}
	if err := db.DoTxn(ctx, func(context.Context) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("DoTxn after Close: %v, want ErrClosed", err)
	}
	kv, err := db.KV("bot")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := kv.Get("k"); !errors.Is(err, ErrClosed) {
		t.Fatalf("kv Get after Close: %v, want ErrClosed", err)
	}
}
