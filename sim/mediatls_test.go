package sim_test

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/sim/testkit"
)

// TestMediaTLS: the simulator serves its routes over HTTPS with a certificate from its own CA,
// published at GET /api/ca.pem: a client trusting that PEM downloads an uploaded blob over https://,
// one without it is refused, a second listener is an error, the CA survives a restart on the same
// data directory, and closing the simulator ends the HTTPS listener's goroutine.
func TestMediaTLS(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	up, err := alice.WA.Upload(t.Context(), bytes.Repeat([]byte("media over tls "), 1000), whatsmeow.MediaDocument)
	if err != nil {
		t.Fatal(err)
	}
	serve := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.ServeMediaTLS(ln); err != nil {
			t.Fatal(err)
		}
		if srv.MediaTLSAddr().String() != ln.Addr().String() {
			t.Fatalf("MediaTLSAddr %v, want %v", srv.MediaTLSAddr(), ln.Addr())
		}
		return ln.Addr().String()
	}
	addr := serve()
	status, caPEM := srv.API(t, http.MethodGet, "/api/ca.pem", nil)
	if status != http.StatusOK || !bytes.HasPrefix(caPEM, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Fatalf("GET /api/ca.pem: %d %q", status, caPEM)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("GET /api/ca.pem is not a certificate")
	}

	get := func(roots *x509.CertPool) ([]byte, error) {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
		defer tr.CloseIdleConnections()
		resp, err := (&http.Client{Transport: tr}).Get("https://" + addr + up.DirectPath)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, errors.New(resp.Status)
		}
		return io.ReadAll(resp.Body)
	}
	blob, err := get(pool)
	if err != nil {
		t.Fatalf("download over https with the simulator's CA: %v", err)
	}
	if sum := sha256.Sum256(blob); !bytes.Equal(sum[:], up.FileEncSHA256) {
		t.Fatalf("downloaded %d bytes over https that are not the uploaded blob", len(blob))
	}
	if _, err := get(x509.NewCertPool()); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a client without the CA: %v, want a certificate error", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.ServeMediaTLS(ln); err == nil {
		t.Fatal("a second ServeMediaTLS succeeded; want an error")
	}
	ln.Close()

	srv.Restart(t)
	if _, again := srv.API(t, http.MethodGet, "/api/ca.pem", nil); !bytes.Equal(again, caPEM) {
		t.Fatal("the CA changed across a restart on the same data directory")
	}
	addr = serve()
	if _, err := get(pool); err != nil {
		t.Fatalf("download over https after a restart, with the CA from before it: %v", err)
	}
	tlsGoroutines := func() []string {
		var out []string
		for _, g := range simGoroutines() {
			if strings.Contains(g, "ServeMediaTLS") {
				out = append(out, g)
			}
		}
		return out
	}
	if len(tlsGoroutines()) == 0 {
		t.Fatal("no ServeMediaTLS goroutine seen while serving: the detector is broken")
	}
	srv.Close(t)
	deadline := time.Now().Add(testkit.Timeout)
	for left := tlsGoroutines(); len(left) > 0; left = tlsGoroutines() {
		if time.Now().After(deadline) {
			t.Fatalf("the HTTPS listener's goroutine outlives Close:\n%s", strings.Join(left, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}
