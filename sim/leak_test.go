package sim_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/testkit"
)

// simGoroutines lists goroutines running simulator code (other than this test's own).
func simGoroutines() []string {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "leak_test.go") || strings.Contains(g, "testing.tRunner") {
			continue
		}
		if strings.Contains(g, "github.com/botrt/botrt/sim") {
			out = append(out, g)
		}
	}
	return out
}

// TestCloseLeavesNoGoroutines runs the simulator with logged-in, pairing and refused connections,
// closes it while they are open, and checks that none of its goroutines outlive it.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	alice.SendText(t, bob.UserJID(), "before close")
	bob.WaitMessage(t, testkit.Text("before close"))
	alice.Disconnect()
	bob.Disconnect()

	loggedIn := testkit.DialRawDevice(t, srv, alice.Device)
	if n := loggedIn.Read(testkit.Timeout); n == nil || n.Tag != "success" {
		t.Fatalf("login got %v", n)
	}
	fresh := srv.NewStoreDevice()
	pairing := testkit.DialRaw(t, srv, fresh.NoiseKey, fresh.GetClientPayload())
	if n := pairing.Read(testkit.Timeout); n == nil || n.Tag != "iq" {
		t.Fatalf("pairing socket got %v, want the pair-device iq", n)
	}
	if len(simGoroutines()) == 0 {
		t.Fatal("no simulator goroutines seen while connections are open: the detector is broken")
	}
	srv.Close(t)
	for _, rc := range []*testkit.RawClient{loggedIn, pairing} {
		select {
		case <-rc.Closed():
		case <-time.After(testkit.Timeout):
			t.Fatal("a connection stayed open after Close")
		}
	}
	deadline := time.Now().Add(testkit.Timeout)
	for {
		left := simGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines outlive Close:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
