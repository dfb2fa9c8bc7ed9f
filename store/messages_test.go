package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func openMessages(t *testing.T, db *DB, session string, max uint64) *Messages {
	t.Helper()
	m, err := db.Messages(session, MessageOptions{MaxMessages: max})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func testMessage(i int) StoredMessage {
	return StoredMessage{
		Chat:      "123@s.whatsapp.net",
		ID:        fmt.Sprintf("3EB0%04d", i),
		Sender:    "123@s.whatsapp.net",
		FromMe:    i%2 == 0,
		Timestamp: time.UnixMilli(1_700_000_000_000 + int64(i)),
		Message:   []byte(fmt.Sprintf("\x0a\x05hello%d", i)),
	}
}

func TestMessagesPutGetSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	m := openMessages(t, db, "alice", 0)
	for i := range 3 {
		if err := m.Put(ctx, testMessage(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openTestDB(t, dir)
	m = openMessages(t, db, "alice", 0)
	for i := range 3 {
		want := testMessage(i)
		got, ok, err := m.Get(ctx, want.Chat, want.ID)
		if err != nil || !ok {
			t.Fatalf("get %d: %v %v", i, ok, err)
		}
		if got.Sender != want.Sender || got.FromMe != want.FromMe || !got.Timestamp.Equal(want.Timestamp) ||
			!bytes.Equal(got.Message, want.Message) || got.Chat != want.Chat || got.ID != want.ID {
			t.Fatalf("get %d: %+v want %+v", i, got, want)
		}
	}
	if _, ok, err := m.Get(ctx, "123@s.whatsapp.net", "missing"); ok || err != nil {
		t.Fatalf("missing: %v %v", ok, err)
	}
	other := openMessages(t, db, "bob", 0)
	if _, ok, _ := other.Get(ctx, testMessage(0).Chat, testMessage(0).ID); ok {
		t.Fatal("another session sees alice's message")
	}
	if n, err := m.Count(ctx); n != 3 || err != nil {
		t.Fatalf("count %d %v", n, err)
	}
}

func TestMessagesUpsertDeleteAndBound(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	m := openMessages(t, db, "s", 3)
	for i := range 3 {
		if err := m.Put(ctx, testMessage(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Replacing message 0 keeps it the oldest: the next insert evicts it.
	edited := testMessage(0)
	edited.Message = []byte("edited")
	if err := m.Put(ctx, edited); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := m.Get(ctx, edited.Chat, edited.ID); string(got.Message) != "edited" {
		t.Fatalf("upsert lost: %q", got.Message)
	}
	if n, _ := m.Count(ctx); n != 3 {
		t.Fatalf("upsert changed count to %d", n)
	}
	if err := m.Put(ctx, testMessage(3)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := m.Get(ctx, edited.Chat, edited.ID); ok {
		t.Fatal("oldest message not evicted past the bound")
	}
	if n, _ := m.Count(ctx); n != 3 {
		t.Fatalf("count after eviction %d", n)
	}
	if err := m.Delete(ctx, testMessage(1).Chat, testMessage(1).ID); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, testMessage(1).Chat, testMessage(1).ID); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if n, _ := m.Count(ctx); n != 2 {
		t.Fatalf("count after delete %d", n)
	}
	for _, i := range []int{4, 5} {
		if err := m.Put(ctx, testMessage(i)); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []bool{false, false, false, true, true, true} {
		if _, ok, _ := m.Get(ctx, testMessage(i).Chat, testMessage(i).ID); ok != want {
			t.Errorf("message %d stored=%v want %v", i, ok, want)
		}
	}
	if err := m.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.Count(ctx); n != 0 {
		t.Fatalf("count after drop %d", n)
	}
}

func TestMessagesRejectBadInput(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	m := openMessages(t, db, "s", 0)
	for _, bad := range []StoredMessage{
		{Chat: "", ID: "x"},
		{Chat: "c", ID: ""},
		{Chat: "c\x00d", ID: "x"},
		{Chat: "c", ID: "x", Message: make([]byte, MaxMessageBytes+1)},
	} {
		if err := m.Put(ctx, bad); err == nil {
			t.Errorf("put %q/%q accepted", bad.Chat, bad.ID)
		}
	}
	for _, name := range []string{"", "a/b"} {
		if _, err := db.Messages(name, MessageOptions{}); err == nil {
			t.Errorf("session %q accepted", name)
		}
	}
	// A put inside a failing caller transaction leaves nothing behind.
	boom := errors.New("boom")
	err := db.DoTxn(ctx, func(ctx context.Context) error {
		if err := m.Put(ctx, testMessage(1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, ok, _ := m.Get(ctx, testMessage(1).Chat, testMessage(1).ID); ok {
		t.Fatal("rolled back put is visible")
	}
}

func BenchmarkMessagesPutGet(b *testing.B) {
	db, err := Open(b.TempDir(), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	m, _ := db.Messages("bench", MessageOptions{MaxMessages: 10_000})
	ctx := context.Background()
	msg := testMessage(0)
	msg.Message = make([]byte, 400)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		msg.ID = fmt.Sprint("id", i)
		if err := m.Put(ctx, msg); err != nil {
			b.Fatal(err)
		}
		if _, ok, err := m.Get(ctx, msg.Chat, msg.ID); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
