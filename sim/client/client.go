// Package client wires an unmodified whatsmeow client to a simulator: every HTTP request it makes
// (the WebSocket to web.whatsapp.com, pre-login requests, media hosts) goes to the simulator's listener,
// and the simulator's root key is the one it trusts. The simulator's own people and sim/testkit use it.
package client

import (
	"context"
	"net"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// HTTPClient sends every request to addr() whatever host it names. TLS is skipped: a plain connection
// returned by DialTLSContext is used as-is by net/http, so wss:// and https:// URLs reach the plain
// listener. addr is asked on every dial so a simulator restarted on another port is followed.
func HTTPClient(addr func() string) *http.Client {
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr())
	}
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, DialContext: dial, DialTLSContext: dial,
			MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second},
		Timeout: 0, // websockets stay open; whatsmeow bounds its own requests
	}
}

// New returns a whatsmeow client for dev whose traffic all goes to addr().
func New(dev *wastore.Device, addr func() string, log waLog.Logger) *whatsmeow.Client {
	cli := whatsmeow.NewClient(dev, log)
	// Decrypt inside store transactions, which conflict with (and are retried after) a concurrent
	// send's session write-back: without it a decryption is a blind read-modify-write of the Signal
	// session that a send may undo. Sends go through store.SendMessage for the other half.
	cli.EnableDecryptedEventBuffer = true
	h := HTTPClient(addr)
	cli.SetWebsocketHTTPClient(h)
	cli.SetPreLoginHTTPClient(h)
	cli.SetMediaHTTPClient(h)
	return cli
}

// TrustRoot makes whatsmeow clients of this process accept certificates signed by root. The key is a
// process global in whatsmeow; it is only written when it differs, so processes (and tests) that
// already trust root do not write it while other clients read it.
func TrustRoot(root [32]byte) {
	if whatsmeow.WACertPubKey != root {
		whatsmeow.WACertPubKey = root
	}
}
