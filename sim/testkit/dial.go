package testkit

import (
	"context"
	"net"
	"net/http"
	"time"
)

// httpClient sends every request of a whatsmeow client to the simulator whatever host it names
// (web.whatsapp.com, media hosts). TLS is skipped: a plain connection returned by DialTLSContext is
// used as-is by net/http, so wss:// and https:// URLs reach the plain listener.
func (s *Server) httpClient() *http.Client {
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", s.Addr())
	}
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, DialContext: dial, DialTLSContext: dial,
			MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second},
		Timeout: 0, // websockets stay open; whatsmeow bounds its own requests
	}
}
