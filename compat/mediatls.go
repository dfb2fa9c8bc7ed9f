package compat

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// MediaTLS serves the simulator over HTTPS with a certificate from a throwaway CA. Baileys fetches and
// uploads media only over https://, and Node trusts the CA through NODE_EXTRA_CA_CERTS=CAFile; the
// simulator itself serves plain HTTP, so this front forwards every request to it.
type MediaTLS struct {
	// Addr is host:port of the HTTPS listener (127.0.0.1), usable as a Baileys media host.
	Addr string
	// CAFile is the PEM file of the CA that signed the listener's certificate.
	CAFile string

	srv  *http.Server
	done chan struct{}
}

// ServeMediaTLS starts the HTTPS front for the simulator at target (host:port), writing the CA to dir.
func ServeMediaTLS(target, dir string) (*MediaTLS, error) {
	caPEM, cert, err := newCertificate()
	if err != nil {
		return nil, fmt.Errorf("compat: media TLS certificate: %w", err)
	}
	caFile := filepath.Join(dir, "media-ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: target})
	m := &MediaTLS{Addr: ln.Addr().String(), CAFile: caFile, done: make(chan struct{})}
	m.srv = &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	go func() {
		defer close(m.done)
		_ = m.srv.Serve(tls.NewListener(ln, m.srv.TLSConfig))
	}()
	return m, nil
}

// Close stops the front and waits for its goroutine.
func (m *MediaTLS) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := m.srv.Shutdown(ctx)
	<-m.done
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// newCertificate makes a CA and a server certificate it signed for 127.0.0.1, localhost and the media
// host WhatsApp clients know (mmg.whatsapp.net). It returns the CA as PEM.
func newCertificate() ([]byte, tls.Certificate, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "botrt compat test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "mmg.whatsapp.net"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		DNSNames: []string{"mmg.whatsapp.net", "localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return caPEM, tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}, nil
}
