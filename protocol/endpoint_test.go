package protocol

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/testkit"
)

func TestSimEndpointFetchesRootKey(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	for _, addr := range []string{srv.URL(), srv.Addr(), srv.URL() + "/"} {
		ep, err := SimEndpoint(ctx, addr)
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if ep.SimAddr != srv.Addr() || ep.RootKey != srv.Server.RootPublic() || !ep.IsSim() {
			t.Fatalf("%s: got %+v", addr, ep)
		}
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`"abcd"`))
	}))
	defer bad.Close()
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	for addr, want := range map[string]string{
		bad.URL:       "not 32 hex-encoded bytes",
		notFound.URL:  "404",
		"ftp://x:1":   "is not http://host:port",
		"http://":     "is not http://host:port",
		"127.0.0.1:1": "root key",
	} {
		if _, err := SimEndpoint(ctx, addr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to mention %q", addr, err, want)
		}
	}
}
