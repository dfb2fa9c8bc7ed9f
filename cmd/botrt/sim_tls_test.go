package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"regexp"
	"testing"
)

// TestSimMediaTLS: `botrt sim --media-tls ADDR` serves HTTPS there with a certificate that the CA from
// GET /api/ca.pem verifies, and prints both addresses.
func TestSimMediaTLS(t *testing.T) {
	p := startBotrt(t, t.TempDir(), "sim", "--listen", "127.0.0.1:0", "--data", "s", "--media-tls", "127.0.0.1:0")
	addr := simAddr(t, p)
	p.waitOutput(t, "media over HTTPS on https://")
	m := regexp.MustCompile(`media over HTTPS on https://(\S+);`).FindStringSubmatch(p.Output())
	if m == nil {
		t.Fatalf("no HTTPS address printed:\n%s", p.Output())
	}
	get := func(c *http.Client, url string) []byte {
		t.Helper()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s %v", url, resp.Status, err)
		}
		return body
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(get(http.DefaultClient, "http://"+addr+"/api/ca.pem")) {
		t.Fatal("GET /api/ca.pem is not a PEM certificate")
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	if key := get(&http.Client{Transport: tr}, "https://"+m[1]+"/api/root-key"); len(key) < 64 {
		t.Fatalf("GET /api/root-key over https: %q", key)
	}
	p.Interrupt(t)
}
