package media

import (
	"bytes"
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
	"time"

	"github.com/dgraph-io/badger/v4"
)

// caKey holds the simulator's TLS certificate authority: its certificate and private key as PEM.
const caKey = "sim/media/tls-ca"

// caLifetime is long because users install the CA once (NODE_EXTRA_CA_CERTS) and keep the data dir.
const caLifetime = 10 * 365 * 24 * time.Hour

// CA is the simulator's own certificate authority for serving media over HTTPS: Baileys fetches and
// uploads media only over https://, so the simulator signs its HTTPS listener's certificate with this
// CA, and Node trusts it through NODE_EXTRA_CA_CERTS. It is created on first use and kept in the
// simulator's database, so a data directory keeps one CA across restarts.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// LoadCA returns the CA stored in db, creating and storing it on first use.
func LoadCA(db *badger.DB) (*CA, error) {
	var ca *CA
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(caKey))
		if err == nil {
			return item.Value(func(v []byte) error {
				ca, err = parseCA(v)
				return err
			})
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		stored, err := newCA()
		if err != nil {
			return err
		}
		if ca, err = parseCA(stored); err != nil {
			return err
		}
		return txn.Set([]byte(caKey), stored)
	})
	if err != nil {
		return nil, fmt.Errorf("media: TLS CA: %w", err)
	}
	return ca, nil
}

// newCA makes a self-signed CA and returns its certificate and key as PEM blocks.
func newCA() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: "botrt simulator media CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(caLifetime),
		IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})...), nil
}

// parseCA reads what newCA made.
func parseCA(stored []byte) (*CA, error) {
	certBlock, rest := pem.Decode(stored)
	keyBlock, _ := pem.Decode(rest)
	if certBlock == nil || keyBlock == nil {
		return nil, errors.New("stored CA is not two PEM blocks")
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("stored CA certificate: %w", err)
	}
	key, err := x509.ParseECPrivateKey(keyBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("stored CA key: %w", err)
	}
	return &CA{cert: cert, key: key, pem: pem.EncodeToMemory(certBlock)}, nil
}

// PEM is the CA certificate (no key), for clients to trust.
func (ca *CA) PEM() []byte { return bytes.Clone(ca.pem) }

// ServerCertificate issues a certificate for an HTTPS listener, valid for the given IP addresses and
// host names. Media hosts WhatsApp clients know (DefaultHost) are always included, so clients that
// resolve them to the simulator accept it too. It is not stored: only the CA needs to be trusted.
func (ca *CA) ServerCertificate(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: DefaultHost},
		NotBefore: now.Add(-time.Hour), NotAfter: ca.cert.NotAfter,
		DNSNames:    []string{DefaultHost},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" && h != DefaultHost {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("media: TLS certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}, nil
}

// ServePEM answers GET /api/ca.pem with the CA certificate.
func (ca *CA) ServePEM(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/x-pem-file")
	_, _ = w.Write(ca.pem)
}
