package store

import (
	"context"
	"errors"
	"fmt"
	"github.com/botrt/botrt/internal/leaktest"
	"sync"
	"testing"
	"time"
)

func openQueue(t *testing.T, db *DB, session string, opts QueueOptions) *Queue {
	t.Helper()
	q, err := db.Queue(session, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func appendN(t *testing.T, q *Queue, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		seq, err := q.Append(context.Background(), []byte(fmt.Sprintf("ev%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if seq != uint64(i) {
			t.Fatalf("append #%d got seq %d", i, seq)
		}
	}
}

// readSeqs reads everything after `after` and checks payloads match their seq.
func readSeqs(t *testing.T, q *Queue, after uint64) []uint64 {
	t.Helper()
	entries, err := q.Read(context.Background(), after, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, e := range entries {
		if want := fmt.Sprintf("ev%d", e.Seq); string(e.Payload) != want {
			t.Fatalf("entry %d holds %q, want %q", e.Seq, e.Payload, want)
		}
		if e.Appended.IsZero() || time.Since(e.Appended) > time.Minute {
			t.Fatalf("entry %d append time %v", e.Seq, e.Appended)
		}
		seqs = append(seqs, e.Seq)
	}
	return seqs
}

func TestQueueAppendReadSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := openQueue(t, db, "alice", QueueOptions{})
	appendN(t, q, 1, 5)
	other := openQueue(t, db, "alice2", QueueOptions{})
	appendN(t, other, 1, 2) // a session whose name extends another's must not mix in
	if got := readSeqs(t, q, 2); fmt.Sprint(got) != "[3 4 5]" {
		t.Fatalf("read after 2: %v", got)
	}
	entries, err := q.Read(context.Background(), 0, 2)
	if err != nil || len(entries) != 2 || entries[1].Seq != 2 {
		t.Fatalf("read max 2: %v %v", entries, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openTestDB(t, dir)
	q = openQueue(t, db, "alice", QueueOptions{})
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[1 2 3 4 5]" {
		t.Fatalf("after reopen: %v", got)
	}
	appendN(t, q, 6, 1) // numbering continues
	if head, err := q.Head(context.Background()); err != nil || head != 6 {
		t.Fatalf("head %d %v", head, err)
	}
}

func TestQueueConsumersAdvanceAndTrim(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{})
	appendN(t, q, 1, 3)

	fast, err := q.Join(ctx, "fast", JoinOldest)
	if err != nil || fast != 0 {
		t.Fatalf("join oldest: %d %v", fast, err)
	}
	late, err := q.Join(ctx, "late", JoinLatest)
	if err != nil || late != 3 {
		t.Fatalf("join latest: %d %v", late, err)
	}
	appendN(t, q, 4, 3)
	if err := q.Advance(ctx, "fast", 5); err != nil {
		t.Fatal(err)
	}
	// "late" is at 3: entries 1..3 go, 4..6 stay for it.
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[4 5 6]" {
		t.Fatalf("after fast advanced: %v", got)
	}
	if err := q.Advance(ctx, "fast", 2); err != nil { // moving back is ignored
		t.Fatal(err)
	}
	if c, ok, err := q.Cursor(ctx, "fast"); !ok || c != 5 || err != nil {
		t.Fatalf("cursor after backwards advance: %d %v %v", c, ok, err)
	}
	if err := q.Advance(ctx, "late", 6); err != nil {
		t.Fatal(err)
	}
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[6]" {
		t.Fatalf("after both advanced: %v", got)
	}
	if err := q.Leave(ctx, "fast"); err != nil {
		t.Fatal(err)
	}
	if got := readSeqs(t, q, 0); len(got) != 0 {
		t.Fatalf("after the slow one left: %v", got)
	}
	// Rejoining with JoinOldest starts at the tail, not at entries long gone.
	if c, err := q.Join(ctx, "fast", JoinOldest); err != nil || c != 6 {
		t.Fatalf("rejoin: %d %v", c, err)
	}

	if err := q.Advance(ctx, "late", 99); err == nil {
		t.Fatal("advance past head accepted")
	}
	if err := q.Advance(ctx, "stranger", 1); err == nil {
		t.Fatal("advance of a consumer that never joined accepted")
	}
	for _, bad := range []string{"", "a/b", string(make([]byte, MaxQueueNameBytes+1))} {
		if _, err := q.Join(ctx, bad, JoinOldest); err == nil {
			t.Fatalf("consumer name %q accepted", bad)
		}
		if _, err := db.Queue(bad, QueueOptions{}); err == nil {
			t.Fatalf("session name %q accepted", bad)
		}
	}
	if _, err := q.Read(ctx, 0, 0); err == nil {
		t.Fatal("read of 0 entries accepted")
	}
	if _, err := q.Append(ctx, make([]byte, MaxQueuePayloadBytes+1)); err == nil {
		t.Fatal("oversized payload accepted")
	}
}

func TestQueueBoundDropsOldestAndReportsGap(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{MaxEntries: 5})
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		t.Fatal(err)
	}
	appendN(t, q, 1, 8)
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[4 5 6 7 8]" {
		t.Fatalf("bounded queue holds %v", got)
	}
	if n, err := q.Missed(ctx, 0); err != nil || n != 3 {
		t.Fatalf("missed = %d %v, want 3", n, err)
	}
	if n, err := q.Missed(ctx, 3); err != nil || n != 0 {
		t.Fatalf("missed after 3 = %d %v", n, err)
	}
	// A trim by cursor after the bound moved the tail keeps working.
	if err := q.Advance(ctx, "bot", 6); err != nil {
		t.Fatal(err)
	}
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[7 8]" {
		t.Fatalf("after advance: %v", got)
	}
}

func TestQueueAppendOnceDedupes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	q := openQueue(t, db, "s", QueueOptions{})
	seq, ok, err := q.AppendOnce(ctx, "MSGID1", []byte("ev1"))
	if err != nil || !ok || seq != 1 {
		t.Fatalf("first: %d %v %v", seq, ok, err)
	}
	seq, ok, err = q.AppendOnce(ctx, "MSGID1", []byte("ev-dup"))
	if err != nil || ok || seq != 1 {
		t.Fatalf("duplicate: %d %v %v", seq, ok, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openTestDB(t, dir)
	q = openQueue(t, db, "s", QueueOptions{})
	if _, ok, err := q.AppendOnce(ctx, "MSGID1", []byte("ev-dup")); ok || err != nil {
		t.Fatalf("duplicate after reopen appended: %v %v", ok, err)
	}
	if seq, ok, err := q.AppendOnce(ctx, "MSGID2", []byte("ev2")); !ok || seq != 2 || err != nil {
		t.Fatalf("second id: %d %v %v", seq, ok, err)
	}
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("queue holds %v", got)
	}
	if _, _, err := q.AppendOnce(ctx, "", []byte("x")); err == nil {
		t.Fatal("empty dedupe key accepted")
	}
}

func TestQueueAppendJoinsCallerTransaction(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{})
	boom := errors.New("later step failed")
	err := db.DoTxn(ctx, func(ctx context.Context) error {
		if _, err := q.Append(ctx, []byte("ev1")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got := readSeqs(t, q, 0); len(got) != 0 {
		t.Fatalf("rolled back append is visible: %v", got)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := q.Wait(waitCtx, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait after rollback: %v", err)
	}
	err = db.DoTxn(ctx, func(ctx context.Context) error {
		_, err := q.Append(ctx, []byte("ev1"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Wait(ctx, 0); err != nil {
		t.Fatal(err)
	}
}

func TestQueueWaitWakesOnAppendAndClose(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db := openTestDB(t, t.TempDir())
	q, err := db.Queue("s", QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	woke := make(chan error, 1)
	go func() { woke <- q.Wait(ctx, 0) }()
	appendN(t, q, 1, 1)
	if err := <-woke; err != nil {
		t.Fatal(err)
	}
	go func() { woke <- q.Wait(ctx, 1) }()
	q.Close()
	if err := <-woke; !errors.Is(err, ErrQueueClosed) {
		t.Fatalf("wait after close: %v", err)
	}
}

// Concurrent producers on one handle and a consumer following them: every entry is read exactly
// once and in order.
func TestQueueConcurrentAppendAndConsume(t *testing.T) {
	leaktest.Check(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{})
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		t.Fatal(err)
	}
	const producers, each = 4, 50
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := q.Append(ctx, []byte(fmt.Sprintf("p%d-%d", p, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	seen := map[string]bool{}
	var cursor uint64
	for len(seen) < producers*each {
		if err := q.Wait(ctx, cursor); err != nil {
			t.Fatal(err)
		}
		entries, err := q.Read(ctx, cursor, 64)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Seq != cursor+1 {
				t.Fatalf("gap: cursor %d, next %d", cursor, e.Seq)
			}
			if seen[string(e.Payload)] {
				t.Fatalf("%s read twice", e.Payload)
			}
			seen[string(e.Payload)] = true
			cursor = e.Seq
		}
		if err := q.Advance(ctx, "bot", cursor); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if got := readSeqs(t, q, 0); len(got) != 0 {
		t.Fatalf("consumed entries not trimmed: %d left", len(got))
	}
}

func TestQueueDropRemovesEverything(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{})
	appendN(t, q, 1, 3)
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		t.Fatal(err)
	}
	if err := q.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	q = openQueue(t, db, "s", QueueOptions{})
	if head, _ := q.Head(ctx); head != 0 {
		t.Fatalf("head after drop %d", head)
	}
	if _, ok, _ := q.Cursor(ctx, "bot"); ok {
		t.Fatal("cursor survived drop")
	}
}

func BenchmarkQueueAppend(b *testing.B) {
	for _, sync := range []bool{false, true} {
		b.Run(fmt.Sprintf("sync=%v", sync), func(b *testing.B) {
			db, err := Open(b.TempDir(), Options{NoSync: !sync})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			q, _ := db.Queue("bench", QueueOptions{})
			payload := make([]byte, 512) // about one translated text message
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, _, err := q.AppendOnce(context.Background(), fmt.Sprint("id", i), payload); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkQueueReadAdvance(b *testing.B) {
	db, err := Open(b.TempDir(), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	q, _ := db.Queue("bench", QueueOptions{MaxEntries: 1 << 30})
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 512)
	var cursor uint64
	b.ReportAllocs()
	for b.Loop() {
		for range 16 {
			if _, err := q.Append(ctx, payload); err != nil {
				b.Fatal(err)
			}
		}
		entries, err := q.Read(ctx, cursor, 16)
		if err != nil || len(entries) != 16 {
			b.Fatal(len(entries), err)
		}
		cursor = entries[len(entries)-1].Seq
		if err := q.Advance(ctx, "bot", cursor); err != nil {
			b.Fatal(err)
		}
	}
}

// A consumer that catches up on more than one trim batch leaves nothing behind.
func TestQueueTrimsInBatches(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	q := openQueue(t, db, "s", QueueOptions{})
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		t.Fatal(err)
	}
	n := 2*trimBatch + 7
	appendN(t, q, 1, n)
	if err := q.Advance(ctx, "bot", uint64(n-1)); err != nil {
		t.Fatal(err)
	}
	if got := readSeqs(t, q, 0); fmt.Sprint(got) != fmt.Sprint([]uint64{uint64(n)}) {
		t.Fatalf("after advancing past %d entries: %v", n-1, got)
	}
}

// Marks of entries finished ahead of the cursor survive a reopen, stay per consumer, and go away
// as the cursor passes them or the consumer leaves.
func TestQueueDoneAheadMarks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTestDB(t, dir)
	q := openQueue(t, db, "s", QueueOptions{})
	appendN(t, q, 1, 6)
	for _, c := range []string{"bot", "bot2"} {
		if _, err := q.Join(ctx, c, JoinOldest); err != nil {
			t.Fatal(err)
		}
	}
	for _, seq := range []uint64{5, 3, 2} {
		if err := q.MarkDone(ctx, "bot", seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.MarkDone(ctx, "bot", 7); err == nil {
		t.Fatal("a mark past the head was accepted")
	}
	if err := q.MarkDone(ctx, "nobody", 2); err == nil {
		t.Fatal("a mark for a consumer that never joined was accepted")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openTestDB(t, dir)
	q = openQueue(t, db, "s", QueueOptions{})
	ahead := func(c string) string {
		t.Helper()
		seqs, err := q.DoneAhead(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(seqs)
	}
	if got := ahead("bot"); got != "[2 3 5]" {
		t.Fatalf("after reopen: %s", got)
	}
	if got := ahead("bot2"); got != "[]" {
		t.Fatalf("another consumer sees %s", got)
	}
	if err := q.Advance(ctx, "bot", 3); err != nil {
		t.Fatal(err)
	}
	if got := ahead("bot"); got != "[5]" {
		t.Fatalf("after advancing to 3: %s", got)
	}
	if err := q.MarkDone(ctx, "bot", 1); err != nil || ahead("bot") != "[5]" {
		t.Fatalf("a mark behind the cursor was kept: %s (%v)", ahead("bot"), err)
	}
	if err := q.Leave(ctx, "bot"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Join(ctx, "bot", JoinOldest); err != nil {
		t.Fatal(err)
	}
	if got := ahead("bot"); got != "[]" {
		t.Fatalf("marks outlived leaving: %s", got)
	}
}
