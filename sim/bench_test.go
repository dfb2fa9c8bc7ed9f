package sim_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/testkit"
)

// BenchmarkRelayText measures end-to-end 1:1 throughput between two whatsmeow clients: Signal
// encryption on the sender, the server's relay (queue write, delivery, ack, receipt) and decryption on
// the receiver. SendMessage waits for the server's ack, so this is one message in flight at a time.
func BenchmarkRelayText(b *testing.B) {
	srv := testkit.NewServer(b)
	alice := testkit.NewClient(b, srv)
	bob := testkit.NewClient(b, srv)
	alice.SendText(b, bob.UserJID(), "warm-up")
	bob.WaitMessage(b, testkit.Text("warm-up"))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		alice.SendText(b, bob.UserJID(), "m")
	}
	for i := 0; i < b.N; i++ {
		bob.WaitMessage(b, testkit.Text("m"))
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// BenchmarkConnectedDeviceMemory logs in many devices over raw connections and reports the heap held
// per connected device. Client and server share the process, so the figure includes the raw client's
// side of each connection (an upper bound for the server's share).
func BenchmarkConnectedDeviceMemory(b *testing.B) {
	const devices = 200
	for i := 0; i < b.N; i++ {
		srv := testkit.NewServer(b)
		reg := srv.Server.Accounts()
		stored := make([]*testkit.RawClient, 0, devices)
		acct, err := reg.CreateAccount(accounts.NewAccount{})
		if err != nil {
			b.Fatal(err)
		}
		var logins []func() *testkit.RawClient
		for d := 0; d < devices; d++ {
			dev := srv.NewStoreDevice()
			added, err := reg.AddDevice(accounts.Device{Phone: acct.Phone, NoisePub: dev.NoiseKey.Pub[:], IdentityPub: dev.IdentityKey.Pub[:]})
			if err != nil {
				b.Fatal(err)
			}
			jid := added.JID()
			dev.ID = &jid
			logins = append(logins, func() *testkit.RawClient { return testkit.DialRawDevice(b, srv, dev) })
		}
		before := heapInUse()
		for _, login := range logins {
			rc := login()
			if n := rc.Read(testkit.Timeout); n == nil || n.Tag != "success" {
				b.Fatalf("login: %v", n)
			}
			stored = append(stored, rc)
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/devices, "bytes/device")
		for _, rc := range stored {
			rc.Close()
		}
		srv.Close(b)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}
