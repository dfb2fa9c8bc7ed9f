package sim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/botrt/botrt/sim/media"
)

// mediaTLS is the simulator's optional HTTPS listener.
type mediaTLS struct {
	mu   sync.Mutex
	srv  *http.Server
	addr net.Addr
	done chan struct{}
}

// openMediaCA loads the simulator's CA (created on first use, kept in the database) and publishes its
// certificate at GET /api/ca.pem.
func (s *Simulator) openMediaCA() error {
	ca, err := media.LoadCA(s.Server.DB())
	if err != nil {
		return err
	}
	s.MediaCA = ca
	s.Server.HandleHTTP("GET /api/ca.pem", http.HandlerFunc(ca.ServePEM))
	return nil
}

// ServeMediaTLS serves the simulator over HTTPS on ln as well, with a certificate that MediaCA signs
// for ln's address, the given extra host names and the media host WhatsApp clients know. Baileys
// uploads and downloads media only over https://: with the CA trusted (NODE_EXTRA_CA_CERTS) and
// Options.MediaHost set to ln's address, Node's Baileys reaches the simulator's media without further
// configuration. Everything else the simulator serves (admin API, chat socket) answers there too.
// Close stops it.
func (s *Simulator) ServeMediaTLS(ln net.Listener, hosts ...string) error {
	host, _, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return fmt.Errorf("sim: media TLS address: %w", err)
	}
	cert, err := s.MediaCA.ServerCertificate(append(hosts, host)...)
	if err != nil {
		return err
	}
	m := &s.mediaTLS
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.srv != nil {
		return errors.New("sim: media TLS is already served")
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	m.srv = &http.Server{Handler: s.Server.Handler(), ReadHeaderTimeout: 10 * time.Second, TLSConfig: cfg,
		// Clients that do not trust the CA fail their handshakes; that is theirs to report.
		ErrorLog: slog.NewLogLogger(s.Server.Logger().Handler(), slog.LevelDebug)}
	m.addr, m.done = ln.Addr(), make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		if err := srv.Serve(tls.NewListener(ln, cfg)); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Server.Logger().Error("sim: serve media TLS", "err", err)
		}
	}(m.srv, m.done)
	return nil
}

// MediaTLSAddr is where ServeMediaTLS listens (nil when it does not).
func (s *Simulator) MediaTLSAddr() net.Addr {
	s.mediaTLS.mu.Lock()
	defer s.mediaTLS.mu.Unlock()
	return s.mediaTLS.addr
}

// closeMediaTLS stops the HTTPS listener, if any, and waits for it.
func (s *Simulator) closeMediaTLS() error {
	m := &s.mediaTLS
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := m.srv.Shutdown(ctx) // like the plain listener: hijacked WebSockets end with Server.Close
	<-m.done
	m.srv, m.addr = nil, nil
	return err
}
