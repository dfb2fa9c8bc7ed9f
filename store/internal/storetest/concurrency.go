package storetest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// ConcurrencyLoad sizes RunConcurrency.
type ConcurrencyLoad struct {
	Devices    int // accounts in the one store
	Goroutines int // workers per device
	Ops        int // iterations per worker
}

// RunConcurrency has many goroutines read and write Signal sessions of the same and of different
// devices at once, the way whatsmeow's receive loop, senders and background work do, and checks that
// no value is torn, lost or seen by the wrong device. Run it under -race.
//
// Every value written is "<device>|<address>|<worker>|<n>", so a reader can tell a value that
// belongs elsewhere from a stale but legitimate one. Each worker owns one address (its last write must
// be what it reads back) and all workers of a device also fight over shared addresses, some of them
// inside DoDecryptionTxn (which must stay atomic under conflicts: its two writes are always seen
// together).
func RunConcurrency(t *testing.T, b Backend, load ConcurrencyLoad) {
	baseline := runtime.NumGoroutine()
	ctx := context.Background()
	h, err := b.Open(t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", b.Name, err)
	}
	devices := make([]*wastore.Device, load.Devices)
	for i := range devices {
		d := h.Container.NewDevice()
		fillDevice(d, types.JID{User: fmt.Sprintf("10%d", i), Device: 1, Server: types.DefaultUserServer})
		if err := h.Container.PutDevice(ctx, d); err != nil {
			t.Fatalf("PutDevice: %v", err)
		}
		devices[i] = d
	}

	var wg sync.WaitGroup
	errs := make(chan error, load.Devices*load.Goroutines)
	for di, d := range devices {
		for w := range load.Goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := sessionWorker(ctx, d, di, w, load.Ops); err != nil {
					errs <- fmt.Errorf("device %d worker %d: %w", di, w, err)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// After the storm, each worker's own address holds its last write on every device.
	for di, d := range devices {
		for w := range load.Goroutines {
			addr := fmt.Sprintf("%d:%d", 500+w, di)
			got, err := d.Sessions.GetSession(ctx, addr)
			if err != nil {
				t.Fatalf("GetSession: %v", err)
			}
			if want := sessionValue(di, addr, w, load.Ops-1); string(got) != want {
				t.Errorf("device %d %s: got %q, want %q", di, addr, got, want)
			}
		}
	}
	if err := h.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	waitGoroutines(t, baseline)
}

func sessionValue(device int, addr string, worker, n int) string {
	return fmt.Sprintf("%d|%s|%d|%d", device, addr, worker, n)
}

// checkSession accepts nil or a value some worker of this device wrote for this address.
func checkSession(device int, addr string, v []byte) error {
	if v == nil {
		return nil
	}
	prefix := fmt.Sprintf("%d|%s|", device, addr)
	if !strings.HasPrefix(string(v), prefix) {
		return fmt.Errorf("read %q for %s, which this device never wrote there", v, addr)
	}
	return nil
}

func sessionWorker(ctx context.Context, d *wastore.Device, di, w, ops int) error {
	own := fmt.Sprintf("%d:%d", 500+w, di)
	shared := []string{"600:0", "600:1", "601:0"}
	const pairAddr = "700:0" // written only inside DoDecryptionTxn
	for n := range ops {
		if err := d.Sessions.PutSession(ctx, own, []byte(sessionValue(di, own, w, n))); err != nil {
			return fmt.Errorf("PutSession: %w", err)
		}
		got, err := d.Sessions.GetSession(ctx, own)
		if err != nil {
			return fmt.Errorf("GetSession: %w", err)
		}
		if string(got) != sessionValue(di, own, w, n) {
			return fmt.Errorf("own address: read %q right after writing n=%d", got, n)
		}
		addr := shared[n%len(shared)]
		switch n % 4 {
		case 0:
			err = d.Sessions.PutSession(ctx, addr, []byte(sessionValue(di, addr, w, n)))
		case 1:
			err = d.Sessions.PutManySessions(ctx, map[string][]byte{
				shared[0]: []byte(sessionValue(di, shared[0], w, n)),
				shared[2]: []byte(sessionValue(di, shared[2], w, n)),
			})
		case 2:
			// A decryption reads and writes several records; both writes or neither must be visible.
			val := []byte(sessionValue(di, pairAddr, w, n))
			err = d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
				if _, err := d.Sessions.GetSession(ctx, pairAddr); err != nil {
					return err
				}
				if err := d.Sessions.PutSession(ctx, pairAddr, val); err != nil {
					return err
				}
				return d.SenderKeys.PutSenderKey(ctx, "g@g.us", pairAddr, val)
			})
		case 3:
			var many map[string][]byte
			many, err = d.Sessions.GetManySessions(ctx, append(shared, own, "404:0"))
			if err == nil {
				if len(many) != len(shared)+2 {
					return fmt.Errorf("GetManySessions returned %d entries for %d addresses", len(many), len(shared)+2)
				}
				for a, v := range many {
					if err := checkSession(di, a, v); err != nil {
						return err
					}
				}
			}
		}
		if err != nil {
			return fmt.Errorf("op %d: %w", n%4, err)
		}
		if n%8 == 7 {
			if err := checkPair(ctx, d, di, pairAddr); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkPair reads the session and sender key DoDecryptionTxn writes together, in one transaction,
// and requires them to come from the same write.
func checkPair(ctx context.Context, d *wastore.Device, di int, addr string) error {
	var sess, sk []byte
	err := d.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
		var err error
		if sess, err = d.Sessions.GetSession(ctx, addr); err != nil {
			return err
		}
		sk, err = d.SenderKeys.GetSenderKey(ctx, "g@g.us", addr)
		return err
	})
	if err != nil {
		return fmt.Errorf("read pair: %w", err)
	}
	if err := checkSession(di, addr, sess); err != nil {
		return err
	}
	if string(sess) != string(sk) {
		return fmt.Errorf("torn decryption transaction: session %q, sender key %q", sess, sk)
	}
	return nil
}

// waitGoroutines fails the test if goroutines started during it are still running shortly after
// everything was closed.
func waitGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines leaked: %d running, %d before\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
