package protocol

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
)

// Endpoint chooses the server sessions talk to. The zero value is real WhatsApp.
type Endpoint struct {
	// SimAddr is the host:port of a botrt simulator. Every connection whatsmeow makes (the
	// websocket before and after login, media uploads and downloads) is dialed there as plain TCP,
	// whatever host and scheme whatsmeow asked for: whatsmeow hard-codes wss://web.whatsapp.com and
	// https:// media URLs, and its only URL knob switches it into Messenger mode.
	SimAddr string
	// RootKey is the simulator's root public key (its GET /api/root-key): whatsmeow verifies the
	// server's Noise certificate chain against it instead of WhatsApp's.
	RootKey [32]byte
}

// IsSim reports whether the endpoint is a simulator.
func (e Endpoint) IsSim() bool { return e.SimAddr != "" }

// whatsAppRootKey is WhatsApp's own root key, saved before any simulator endpoint replaces it.
var whatsAppRootKey = whatsmeow.WACertPubKey

// rootKeyMu guards the process-wide whatsmeow.WACertPubKey.
var rootKeyMu sync.Mutex

// install makes the process trust the endpoint's root key. whatsmeow.WACertPubKey is a process
// global, so sessions of one process must all use WhatsApp or all use simulators sharing one root
// key; a conflicting endpoint is refused rather than silently breaking the other sessions.
func (e Endpoint) install() error {
	want := whatsAppRootKey
	if e.IsSim() {
		if e.RootKey == ([32]byte{}) {
			return errors.New("protocol: a simulator endpoint needs its root key")
		}
		want = e.RootKey
	}
	rootKeyMu.Lock()
	defer rootKeyMu.Unlock()
	if whatsmeow.WACertPubKey == want {
		return nil
	}
	if whatsmeow.WACertPubKey != whatsAppRootKey {
		return fmt.Errorf("protocol: this process already trusts another server's root key; sessions of one process must share an endpoint")
	}
	whatsmeow.WACertPubKey = want
	return nil
}

// apply points a client at the endpoint (nothing to do for real WhatsApp). The returned function
// closes the idle connections of the client's transport when the client is discarded.
func (e Endpoint) apply(cli *whatsmeow.Client) (release func()) {
	if !e.IsSim() {
		return func() {}
	}
	h := e.httpClient()
	cli.SetPreLoginHTTPClient(h)
	cli.SetWebsocketHTTPClient(h)
	cli.SetMediaHTTPClient(h)
	return h.CloseIdleConnections
}

// httpClient dials SimAddr for every request. DialTLSContext returns the plain connection: Go's
// transport then treats it as already past TLS, so https:// URLs travel unencrypted to the
// simulator (which is loopback or a trusted LAN peer).
func (e Endpoint) httpClient() *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, e.SimAddr)
	}
	return &http.Client{Transport: &http.Transport{
		Proxy:               nil,
		DialContext:         dial,
		DialTLSContext:      dial,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}}
}
