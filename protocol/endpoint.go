package protocol

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
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

// SimEndpoint asks a running simulator for its root key (GET /api/root-key) and returns the
// endpoint of it: `botrt run --server http://ADDR`. server is a base URL ("http://127.0.0.1:7780")
// or just host:port.
func SimEndpoint(ctx context.Context, server string) (Endpoint, error) {
	if !strings.Contains(server, "://") {
		server = "http://" + server
	}
	u, err := url.Parse(server)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return Endpoint{}, fmt.Errorf("protocol: simulator address %q is not http://host:port", server)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.Scheme+"://"+u.Host+"/api/root-key", nil)
	if err != nil {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	var text string
	if err := json.Unmarshal(body, &text); err != nil {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key is not a JSON string: %w", err)
	}
	key, err := hex.DecodeString(text)
	if err != nil || len(key) != 32 {
		return Endpoint{}, fmt.Errorf("protocol: simulator root key %q is not 32 hex-encoded bytes", text)
	}
	return Endpoint{SimAddr: u.Host, RootKey: [32]byte(key)}, nil
}
