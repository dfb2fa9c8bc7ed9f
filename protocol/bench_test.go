package protocol

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// BenchmarkInbound measures a message from a person's SendText to the bot's Subscription.Next:
// relay through the simulator, decryption, translation, message store and queue append (synced,
// as in production), and the consumer's read. Reports p50/p99 latency and messages per second
// with one message in flight at a time.
func BenchmarkInbound(b *testing.B) {
	ctx := context.Background()
	srv := testkit.NewServer(b)
	db, err := store.Open(b.TempDir(), store.Options{}) // synced writes, as in production
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	m, err := NewManager(db, store.NewContainer(db, nil), Options{
		Endpoint: Endpoint{SimAddr: srv.Addr(), RootKey: srv.Server.RootPublic()},
		Log:      testLog(),
	})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	s, err := m.Open(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	pairByQR(b, srv, s, "Bench")
	me := s.Status().Me.ID.ToNonAD()
	sub, err := s.Subscribe(ctx, "bot", store.JoinLatest)
	if err != nil {
		b.Fatal(err)
	}
	alice := testkit.NewClient(b, srv)
	alice.SendText(b, me, "warm-up")
	if d, _, _ := nextText(b, sub); sub.Done(ctx, d.Seq) != nil {
		b.Fatal("done")
	}

	var lat []time.Duration
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		want := fmt.Sprint("m", i)
		alice.SendText(b, me, want)
		d, text, _ := nextText(b, sub)
		lat = append(lat, time.Since(t0))
		if text != want {
			b.Fatalf("got %q want %q", text, want)
		}
		if err := sub.Done(ctx, d.Seq); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "msgs/s")
}
