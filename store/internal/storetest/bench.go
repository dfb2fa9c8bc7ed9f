package storetest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// benchSessionSize is about what a libsignal session record with a few archived states weighs.
const benchSessionSize = 1200

// RunBenchmarks measures the store's hot paths on every backend. Names are
// <op>/store=<backend>, so `benchstat -col /store` puts the backends side by side.
func RunBenchmarks(b *testing.B, backends ...Backend) {
	ops := []struct {
		name string
		run  func(b *testing.B, d *wastore.Device)
	}{
		{"PutSession", benchPutSession},
		{"GetSession", benchGetSession},
		{"GetManySessions50", benchGetManySessions},
		{"PutManySessions50", benchPutManySessions},
		{"GetOrGenPreKeys50", benchPreKeys},
		{"PutBufferedEvent", benchPutBufferedEvent},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			for _, be := range backends {
				b.Run("store="+be.Name, func(b *testing.B) {
					h, err := be.Open(b.TempDir())
					if err != nil {
						b.Fatal(err)
					}
					defer func() {
						if err := h.Close(); err != nil {
							b.Error(err)
						}
					}()
					d := h.Container.NewDevice()
					fillDevice(d, types.JID{User: "100", Device: 1, Server: types.DefaultUserServer})
					if err := h.Container.PutDevice(context.Background(), d); err != nil {
						b.Fatal(err)
					}
					op.run(b, d)
				})
			}
		})
	}
}

func randomBytes(n int) []byte {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return buf
}

func benchAddr(i int) string { return fmt.Sprintf("%d:%d", 4915100000000+i/4, i%4) }

// fillSessions stores n sessions, as a bot that talked to n/4 people with 4 devices each has.
func fillSessions(b *testing.B, d *wastore.Device, n int) {
	ctx := context.Background()
	batch := make(map[string][]byte, 100)
	for i := range n {
		batch[benchAddr(i)] = randomBytes(benchSessionSize)
		if len(batch) == 100 || i == n-1 {
			if err := d.Sessions.PutManySessions(ctx, batch); err != nil {
				b.Fatal(err)
			}
			clear(batch)
		}
	}
}

// stamp makes every stored session differ from the one it replaces, as a ratchet step does; SQLite
// skips writing (and syncing) a row overwritten with identical bytes, which would flatter it.
func stamp(sess []byte, i int) []byte {
	binary.BigEndian.PutUint64(sess, uint64(i))
	return sess
}

func benchPutSession(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	sess := randomBytes(benchSessionSize)
	b.SetBytes(benchSessionSize)
	i := 0
	for b.Loop() {
		if err := d.Sessions.PutSession(ctx, benchAddr(i%1000), stamp(sess, i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func benchGetSession(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	fillSessions(b, d, 1000)
	i := 0
	for b.Loop() {
		s, err := d.Sessions.GetSession(ctx, benchAddr(i*7919%1000))
		if err != nil || s == nil {
			b.Fatal(s, err)
		}
		i++
	}
}

// benchGetManySessions is a group send's lookup: 50 participant devices, 5 of them without a session.
func benchGetManySessions(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	fillSessions(b, d, 1000)
	addrs := make([]string, 50)
	i := 0
	for b.Loop() {
		for j := range addrs {
			addrs[j] = benchAddr((i*50 + j*13) % 1100)
		}
		if _, err := d.Sessions.GetManySessions(ctx, addrs); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchPutManySessions is the write-back after that group send.
func benchPutManySessions(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	batch := make(map[string][]byte, 50)
	sessions := make([][]byte, 50)
	for j := range sessions {
		sessions[j] = randomBytes(benchSessionSize)
	}
	i := 0
	for b.Loop() {
		clear(batch)
		for j := range 50 {
			batch[benchAddr((i*50+j)%1000)] = stamp(sessions[j], i)
		}
		if err := d.Sessions.PutManySessions(ctx, batch); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchPreKeys is a pre-key top-up in steady state: the server holds the initial 812 uploaded keys,
// whatsmeow asks the store for 50 more and marks them uploaded. The keys handed out are removed again
// outside the timer (as peers consume them), so the store's size does not grow with b.N. It includes
// the key generation (Curve25519), which costs the same on every backend.
func benchPreKeys(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	initial, err := d.PreKeys.GetOrGenPreKeys(ctx, 812)
	if err != nil {
		b.Fatal(err)
	}
	if err := d.PreKeys.MarkPreKeysAsUploaded(ctx, initial[len(initial)-1].KeyID); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ks, err := d.PreKeys.GetOrGenPreKeys(ctx, 50)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.PreKeys.MarkPreKeysAsUploaded(ctx, ks[len(ks)-1].KeyID); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		for _, k := range ks {
			if err := d.PreKeys.RemovePreKey(ctx, k.KeyID); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
}

func benchPutBufferedEvent(b *testing.B, d *wastore.Device) {
	ctx := context.Background()
	plain := randomBytes(300)
	now := time.Now()
	var hash [32]byte
	i := uint64(0)
	for b.Loop() {
		i++
		for k := range 8 {
			hash[k] = byte(i >> (8 * k))
		}
		if err := d.EventBuffer.PutBufferedEvent(ctx, hash, plain, now); err != nil {
			b.Fatal(err)
		}
	}
}
