package baileys_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/baileys/baileystest"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// connConfigBot makes one socket per session name given with its config (JS object source), and
// logs every open and close as "<session> OPEN" and "<session> CLOSE <status> <message>".
func connConfigBot(sockets map[string]string) string {
	var b strings.Builder
	b.WriteString(`
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
async function start(name, config) {
  const { state } = await useMultiFileAuthState(name)
  let sock
  try {
    sock = makeWASocket({ auth: state, ...config })
  } catch (e) {
    console.log(name + ' THROWN ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
    return
  }
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'open') console.log(name + ' OPEN')
    if (connection === 'close') console.log(name + ' CLOSE ' + lastDisconnect.error.output.statusCode + ' ' + lastDisconnect.error.message)
  })
}
`)
	for name, config := range sockets {
		b.WriteString("start('" + name + "', " + config + ")\n")
	}
	return b.String()
}

// keepAliveIntervalMs: the session pings at that cadence, and a server that stops answering is
// dropped with 408 and reconnected.
func TestSocketKeepAliveInterval(t *testing.T) {
	runtimetest.NoLeaks(t)
	srv := testkit.NewServer(t)
	pings := srv.WatchPings()
	w := worldOn(t, srv, map[string]string{"bot.js": connConfigBot(map[string]string{"auth_info": "{ keepAliveIntervalMs: 150 }"})})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "auth_info OPEN")
	// whatsmeow's own pings come every 20-30 s: five within the testkit's timeout are the socket's.
	start := pings.Count()
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return pings.Count() >= start+5 }, "five keepalive pings")
	pings.Deaf(true)
	w.waitLog(t, "auth_info CLOSE 408 Connection Lost")
	pings.Deaf(false)
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return w.env.Logs.Count("auth_info OPEN") == 2 }, "the session reopened")
}

// waWebSocketUrl: a ws:// URL connects the session to that simulator (pairing there, unknown to
// the host's), a server that takes the connection and never answers fails the attempt with 408
// after connectTimeoutMs, a simulator with another root key is refused with 403 saying why, and a
// URL that is neither WhatsApp nor ws:// throws.
func TestSocketWaWebSocketUrl(t *testing.T) {
	runtimetest.NoLeaks(t)
	host := testkit.NewServer(t)
	other := testkit.NewServer(t)
	silent := fakeServer(t, host.Server.RootPublic(), true)
	foreign := fakeServer(t, [32]byte{7}, false)
	w := worldOn(t, host, map[string]string{"bot.js": connConfigBot(map[string]string{
		"auth_other":   "{ waWebSocketUrl: 'ws://" + other.Addr() + "/ws/chat' }",
		"auth_silent":  "{ waWebSocketUrl: new URL('ws://" + silent + "/ws/chat'), connectTimeoutMs: 300 }",
		"auth_foreign": "{ waWebSocketUrl: 'ws://" + foreign + "/ws/chat' }",
		"auth_bad":     "{ waWebSocketUrl: 'wss://example.com/ws/chat' }",
	})})
	w.waitLog(t, "auth_bad THROWN 400", "config.waWebSocketUrl", "ws://host:port/ws/chat")
	w.waitLog(t, "auth_silent CLOSE 408 Timed Out", "connectTimeoutMs (300ms)")
	w.waitLog(t, "auth_foreign CLOSE 403", "already trusts the root key", "another simulator")
	w.waitLog(t, "config.waWebSocketUrl refused")

	s := w.session(t, "auth_other")
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return s.Status().QR != "" }, "a QR code")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if _, err := other.Pairer.Link(ctx, s.Status().QR, auth.LinkOptions{Name: "Bot"}); err != nil {
		t.Fatalf("link on the other simulator: %v", err)
	}
	w.waitLog(t, "auth_other OPEN")
	dev := s.Status().Me.ID
	if !other.Server.Connected(dev) {
		t.Fatal("the session is not connected to the simulator its URL names")
	}
	if _, err := host.Server.Accounts().Account(dev.User); err == nil {
		t.Fatal("the host's simulator knows the account paired on the other")
	}
	testkit.WaitDevicesAcked(t, other, dev)
}

// fakeServer serves GET /api/root-key with key and, when hold is set, takes websocket requests
// and never answers them; it returns its host:port.
func fakeServer(t *testing.T, key [32]byte, hold bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/root-key", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(hex.EncodeToString(key[:]))
	})
	mux.HandleFunc("/ws/chat", func(w http.ResponseWriter, r *http.Request) {
		if !hold {
			http.NotFound(w, r)
			return
		}
		select { // silent until the client gives up or the test ends
		case <-r.Context().Done():
		case <-done:
		}
	})
	hs := &http.Server{Handler: mux}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() {
		close(done)
		_ = hs.Close()
	})
	return ln.Addr().String()
}

// worldOn is newWorld on a simulator the test made (and may have tuned).
func worldOn(t testing.TB, srv *testkit.Server, files map[string]string) *world {
	t.Helper()
	b := baileystest.Start(t, srv, files, baileystest.Options{})
	return &world{srv: srv, m: b.Manager, env: b.Env}
}

// logger: the session's and whatsmeow's logs reach the script's logger, through a child with
// Baileys' { class: 'baileys' }, at the logger's level and above only.
func TestSocketLogger(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
const logger = { level: 'info', child(bindings) { console.log('CHILD ' + JSON.stringify(bindings)); return logger } }
for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
  logger[level] = (attrs, msg) => console.log('LOG ' + level + ' ' + msg + ' session=' + attrs.session)
}
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, logger })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN ' + (sock.logger === logger)) })
}
start()
`})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN true")
	w.waitLog(t, `CHILD {"class":"baileys"}`)
	w.waitLog(t, "LOG info Successfully authenticated session=auth_info")
	for _, below := range []string{"LOG debug", "LOG trace"} {
		if n := w.env.Logs.Count(below); n != 0 {
			t.Fatalf("%d records below the logger's level (%s)", n, below)
		}
	}
}
