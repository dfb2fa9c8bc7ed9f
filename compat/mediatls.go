package compat

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/botrt/botrt/sim"
)

// MediaTLS is how Node reaches the simulator's media over HTTPS (sim.Simulator.ServeMediaTLS): Baileys
// fetches and uploads media only over https://, and Node trusts the simulator's CA through
// NODE_EXTRA_CA_CERTS=CAFile.
type MediaTLS struct {
	// Addr is host:port of the simulator's HTTPS listener (127.0.0.1), usable as a Baileys media host.
	Addr string
	// CAFile is the PEM file of the simulator's CA, which signed the listener's certificate.
	CAFile string
}

// ServeMediaTLS has the simulator serve HTTPS on a loopback port, unless it does already, and writes
// its CA certificate into dir. The listener lives as long as the simulator.
func ServeMediaTLS(s *sim.Simulator, dir string) (*MediaTLS, error) {
	if s.MediaTLSAddr() == nil {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("compat: media TLS: %w", err)
		}
		if err := s.ServeMediaTLS(ln); err != nil {
			ln.Close()
			return nil, fmt.Errorf("compat: %w", err)
		}
	}
	caFile := filepath.Join(dir, "sim-ca.pem")
	if err := os.WriteFile(caFile, s.MediaCA.PEM(), 0o600); err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	return &MediaTLS{Addr: s.MediaTLSAddr().String(), CAFile: caFile}, nil
}
