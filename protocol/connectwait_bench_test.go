package protocol

import (
	"context"
	"testing"

	"github.com/botrt/botrt/sim/testkit"
)

// BenchmarkReconnect measures sock.end() followed by sock.connect() on a paired session against
// the simulator on loopback: Disconnect, then ConnectAndWait through dial, Noise handshake, login
// and the passive iq until the session is open again.
func BenchmarkReconnect(b *testing.B) {
	srv := testkit.NewServer(b)
	e := openEnv(b, srv, b.TempDir(), nil)
	s, _, _ := pairedBot(b, e, srv)
	ctx := context.Background()
	testkit.WaitDevicesAcked(b, srv, s.Status().Me.ID)
	b.ResetTimer()
	for b.Loop() {
		s.Disconnect()
		if err := s.ConnectAndWait(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	testkit.WaitDevicesAcked(b, srv, s.Status().Me.ID)
}
