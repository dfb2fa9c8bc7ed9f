package wire

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	_ "modernc.org/sqlite"
)

func testIdentity(t testing.TB) *Identity {
	t.Helper()
	id, err := NewIdentity(NewRootKey())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// serveWire starts an HTTP server on 127.0.0.1 whose every request is upgraded and handed to handle after
// the handshake (or with the handshake error).
func serveWire(t testing.TB, id *Identity, handle func(ctx context.Context, c *Conn, err error)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := Upgrade(w, r)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		c, _, err := Accept(ctx, ws, id)
		if err != nil {
			ws.CloseNow()
		}
		handle(ctx, c, err)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// redirectHTTPClient dials addr for every request, and hands back the plain TCP connection where a TLS one
// is asked for, so whatsmeow's fixed wss:// URL reaches the test server.
func redirectHTTPClient(addr string) *http.Client {
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
	return &http.Client{Transport: &http.Transport{Proxy: nil, DialContext: dial, DialTLSContext: dial}}
}

// newWhatsmeowClient returns an unpaired, unmodified whatsmeow client that trusts id's root and connects to
// srv. WACertPubKey is a package variable, so tests using this helper must not run in parallel.
func newWhatsmeowClient(t *testing.T, srv *httptest.Server, id *Identity) *whatsmeow.Client {
	t.Helper()
	old := whatsmeow.WACertPubKey
	whatsmeow.WACertPubKey = id.RootPublic()
	t.Cleanup(func() { whatsmeow.WACertPubKey = old })

	db, err := sql.Open("sqlite", "file:"+t.Name()+"?mode=memory&cache=shared&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	container := sqlstore.NewWithDB(db, "sqlite3", nil)
	if err := container.Upgrade(context.Background()); err != nil {
		t.Fatal(err)
	}
	cli := whatsmeow.NewClient(container.NewDevice(), nil)
	cli.EnableAutoReconnect = false
	h := redirectHTTPClient(srv.Listener.Addr().String())
	cli.SetWebsocketHTTPClient(h)
	cli.SetPreLoginHTTPClient(h)
	return cli
}

type testServer struct {
	*httptest.Server
	done   chan error
	static chan [32]byte
}
