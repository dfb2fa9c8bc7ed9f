package fetch_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/jsapi/node/fetch"
	"github.com/botrt/botrt/jsapi/node/web"
	"github.com/botrt/botrt/runtime"
)

func server(t *testing.T) *httptest.Server {
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		fmt.Fprintf(w, `{"ua":%q,"auth":%q}`, r.UserAgent(), r.Header.Get("Authorization"))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("Content-Type"), body)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "nope", http.StatusNotFound) })
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/json", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 2048)) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func newBot(t *testing.T, srv *httptest.Server, cfg fetch.Config) *jstest.Bot {
	b := jstest.New(t, jstest.Options{Globals: []runtime.Global{buffer.Global(), encoding.Global(), web.Global(), fetch.Global(cfg)}})
	if err := b.Runtime().Set("base", srv.URL); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFetch(t *testing.T) {
	srv := server(t)
	b := newBot(t, srv, fetch.Config{Client: srv.Client(), MaxBody: 1024})
	v := b.MustAwait(`(async () => {
		const r = await fetch(base + '/json', { headers: { Authorization: 'Bearer t' } });
		const j = await r.json();
		const out = [r.status, r.ok, r.headers.get('content-type'), r.headers.get('x-multi'), j.ua, j.auth, r.bodyUsed];
		const p = await fetch(new URL(base + '/echo'), { method: 'POST', body: JSON.stringify({ a: 1 }), headers: new Headers([['content-type', 'application/json']]) });
		out.push(await p.text());
		const f = await fetch(base + '/echo', { method: 'put', body: new URLSearchParams({ q: 'a b' }) });
		out.push(await f.text());
		const bin = await fetch(base + '/echo', { method: 'POST', body: Buffer.from('raw') });
		out.push(Buffer.from(await bin.arrayBuffer()).toString());
		const m = await fetch(base + '/missing');
		out.push(m.status, m.ok, m.statusText, (await m.text()).trim());
		const rd = await fetch(base + '/redirect');
		out.push(rd.redirected, rd.url.endsWith('/json'));
		let again = '';
		try { await m.text(); } catch (e) { again = e.message; }
		out.push(again);
		return out.join(' | ');
	})()`)
	want := `200 | true | application/json | a, b | botrt | Bearer t | true | POST application/json {"a":1} | PUT application/x-www-form-urlencoded;charset=UTF-8 q=a+b | POST  raw | 404 | false | Not Found | nope | true | true | Body is unusable: Body has already been read`
	if v.String() != want {
		t.Fatalf("got  %s\nwant %s", v, want)
	}
	if b.Pending() != 0 {
		t.Fatalf("%d callback slots open", b.Pending())
	}
}

func TestFetchFailures(t *testing.T) {
	srv := server(t)
	b := newBot(t, srv, fetch.Config{Client: srv.Client(), MaxBody: 1024, Timeout: 200 * time.Millisecond})
	cases := map[string]string{
		`fetch(base + '/big')`:                                    "larger than the 1024-byte limit",
		`fetch(base + '/slow')`:                                   "UND_ERR_CONNECT_TIMEOUT",
		`fetch('http://127.0.0.1:1/')`:                            "ECONNREFUSED",
		`fetch('file:///etc/passwd')`:                             "only http and https URLs are supported",
		`fetch(base + '/echo', { body: 'x' })`:                    "Request with GET method cannot have body",
		`fetch(base + '/echo', { method: 'POST', body: {a: 1} })`: "body must be a string, Buffer",
		`fetch(base + '/redirect', { redirect: 'error' })`:        "redirect mode is set to error",
	}
	for expr, want := range cases {
		_, err := b.Await(`(async () => { try { return await ` + expr + ` } catch (e) { throw new Error(e.message + ' / ' + (e.cause ? e.cause.code + ': ' + e.cause.message : '')) } })()`)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", expr, err, want)
		}
	}
}

// TestFetchAbort gives the client a timeout far beyond any test run, so an AbortError can only come
// from the signal cutting the hanging request short (a wall-clock bound here failed on loaded machines).
func TestFetchAbort(t *testing.T) {
	srv := server(t)
	b := newBot(t, srv, fetch.Config{Client: srv.Client(), Timeout: time.Hour})
	_, err := b.Await(`(() => { const ac = new AbortController(); const p = fetch(base + '/slow', { signal: ac.signal }); Promise.resolve().then(() => ac.abort()); return p; })()`)
	if err == nil || !strings.Contains(err.Error(), "AbortError") {
		t.Fatalf("abort: %v", err)
	}
	_, err = b.Await(`fetch(base + '/json', { signal: AbortSignal.abort(new Error('early')) })`)
	if err == nil || !strings.Contains(err.Error(), "early") {
		t.Fatalf("pre-aborted: %v", err)
	}
	// The aborted request's slot is still completed once its goroutine ends.
	deadline := time.Now().Add(5 * time.Second)
	for b.Pending() != 0 && time.Now().Before(deadline) {
		b.MustAwait(`new Promise((r) => fetch(base + '/json').then(r))`)
	}
	if b.Pending() != 0 {
		t.Fatalf("%d callback slots open", b.Pending())
	}
}

func TestResponseAndHeadersClasses(t *testing.T) {
	srv := server(t)
	b := newBot(t, srv, fetch.Config{})
	v := b.MustAwait(`(async () => {
		const r = Response.json({ a: 1 }, { status: 201 });
		const h = new Headers({ 'X-A': '1' });
		h.append('x-a', '2');
		const c = new Response('hi').clone();
		return [r.status, r.headers.get('Content-Type'), (await r.json()).a, h.get('X-A'), [...h.keys()].join(), await c.text()].join(' ');
	})()`)
	if v.String() != "201 application/json 1 1, 2 x-a hi" {
		t.Fatalf("got %s", v)
	}
	if _, err := b.Run(`new Headers({ 'bad name': 1 })`); err == nil || !strings.Contains(err.Error(), "Invalid header name") {
		t.Fatalf("bad header: %v", err)
	}
}

func TestDefaultClientRefusesTheHostsNetworks(t *testing.T) {
	srv := server(t)
	b := newBot(t, srv, fetch.Config{})
	_, err := b.Await(`fetch(base + '/json').catch((e) => { throw new Error(e.cause.code + ': ' + e.cause.message) })`)
	if err == nil || !strings.Contains(err.Error(), "ERR_BOTRT_PRIVATE_ADDRESS") || !strings.Contains(err.Error(), "bots may not connect to loopback, private or link-local addresses") {
		t.Fatalf("loopback fetch: %v", err)
	}
	for _, u := range []string{"http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://[::1]:1/"} {
		_, err := b.Await(`fetch('` + u + `').catch((e) => { throw new Error(e.cause.code) })`)
		if err == nil || !strings.Contains(err.Error(), "ERR_BOTRT_PRIVATE_ADDRESS") {
			t.Errorf("%s: %v", u, err)
		}
	}
	open := newBot(t, srv, fetch.Config{AllowPrivateNetworks: true})
	if v := open.MustAwait(`fetch(base + '/json').then((r) => r.status)`); v.String() != "200" {
		t.Fatalf("allowed private fetch: %s", v)
	}
}

func TestNodeFetchModule(t *testing.T) {
	srv := server(t)
	cfg := fetch.Config{Client: srv.Client()}
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global(), encoding.Global(), web.Global(), fetch.Global(cfg)},
		Modules: map[string]runtime.Module{"node-fetch": fetch.NodeFetchModule(cfg)},
	})
	if err := b.Runtime().Set("base", srv.URL); err != nil {
		t.Fatal(err)
	}
	v := b.MustAwait(`(async () => {
		const nf = require('node-fetch');
		const r = await nf.default(base + '/json');
		return [typeof nf, nf.Headers === Headers, (await r.json()).ua, r instanceof nf.Response].join();
	})()`)
	if v.String() != "function,true,botrt,true" {
		t.Fatalf("got %s", v)
	}
}
