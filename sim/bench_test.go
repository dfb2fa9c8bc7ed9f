package sim_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

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

// BenchmarkServerRelay measures the server alone: two raw connections (no Signal work on either side)
// exchange pre-built 1:1 message stanzas; each is queued in badger, delivered, acked to the sender and
// removed from the queue by the receiver's receipt. Stanzas are pipelined, as busy clients do.
func BenchmarkServerRelay(b *testing.B) {
	srv := testkit.NewServer(b)
	alice := rawDevice(b, srv)
	bob := rawDevice(b, srv)
	for _, rc := range []*testkit.RawClient{alice.rc, bob.rc} {
		if err := rc.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "act", "type": "set", "xmlns": "passive"},
			Content: []waBinary.Node{{Tag: "active"}}}); err != nil {
			b.Fatal(err)
		}
		if n := rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ib" }); n == nil {
			b.Fatal("no offline marker")
		}
	}
	payload := make([]byte, 200)
	b.ResetTimer()
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		// Bob reads every message and confirms it, as a client does.
		for i := 0; i < b.N; i++ {
			n := bob.rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "message" })
			if n == nil {
				done <- fmt.Errorf("bob got %d of %d messages", i, b.N)
				return
			}
			if err := bob.rc.Send(waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": n.Attrs["id"], "to": n.Attrs["from"], "type": "inactive"}}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < b.N; i++ {
		err := alice.rc.Send(waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": fmt.Sprintf("m%d", i), "to": bob.jid.ToNonAD(), "type": "text"},
			Content: []waBinary.Node{{Tag: "participants", Content: []waBinary.Node{{Tag: "to", Attrs: waBinary.Attrs{"jid": bob.jid},
				Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "msg"}, Content: payload}}}}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < b.N; i++ {
		if alice.rc.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool { return n.Tag == "ack" }) == nil {
			b.Fatalf("alice got %d of %d acks", i, b.N)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

type rawDev struct {
	jid types.JID
	rc  *testkit.RawClient
}

// rawDevice registers a device directly in the registry and logs it in over a raw connection.
func rawDevice(b *testing.B, srv *testkit.Server) rawDev {
	b.Helper()
	reg := srv.Server.Accounts()
	acct, err := reg.CreateAccount(accounts.NewAccount{})
	if err != nil {
		b.Fatal(err)
	}
	dev := srv.NewStoreDevice()
	added, err := reg.AddDevice(accounts.Device{Phone: acct.Phone, NoisePub: dev.NoiseKey.Pub[:], IdentityPub: dev.IdentityKey.Pub[:]})
	if err != nil {
		b.Fatal(err)
	}
	jid := added.JID()
	dev.ID = &jid
	rc := testkit.DialRawDevice(b, srv, dev)
	if n := rc.Read(testkit.Timeout); n == nil || n.Tag != "success" {
		b.Fatalf("login: %v", n)
	}
	return rawDev{jid: jid, rc: rc}
}
