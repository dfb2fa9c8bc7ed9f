package testkit

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types"
)

// WaitAcked waits until the server holds nothing unacknowledged for the clients' devices, i.e. each has
// answered everything it was sent. Call it before Disconnect or Server.Restart right after traffic:
// closing a whatsmeow client while it still writes an ack races inside whatsmeow (FrameSocket.Close
// against SendFrame), which -race reports, and an unacked stanza is delivered again on reconnect.
func WaitAcked(t testing.TB, srv *Server, clients ...*Client) {
	t.Helper()
	devices := make([]types.JID, len(clients))
	for i, c := range clients {
		devices[i] = c.JID()
	}
	WaitDevicesAcked(t, srv, devices...)
}

// WaitDevicesAcked is WaitAcked for devices the testkit did not create, such as those of protocol
// sessions: call it before closing them for the same reason.
func WaitDevicesAcked(t testing.TB, srv *Server, devices ...types.JID) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for _, dev := range devices {
		for {
			n, err := srv.Server.PendingCount(dev)
			if err != nil {
				t.Fatalf("testkit: %s: pending count: %v", dev, err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("testkit: %s still has %d unacknowledged stanzas after %s", dev, n, Timeout)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// settleTimeout bounds how long a test's cleanup waits for a client to finish acknowledging.
const settleTimeout = 5 * time.Second

// settleAndDisconnect is the cleanup of every client: if it is connected, let it finish acknowledging what
// it received (best effort, bounded: a test may leave stanzas it will never ack), then disconnect. Without
// the wait, cleanup races whatsmeow's ack writer inside whatsmeow and -race fails the test.
func (c *Client) settleAndDisconnect() {
	if c.WA.IsConnected() && !c.jid.IsEmpty() {
		for deadline := time.Now().Add(settleTimeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if n, err := c.srv.Server.PendingCount(c.JID()); err != nil || n == 0 {
				break
			}
		}
	}
	c.Disconnect()
}
