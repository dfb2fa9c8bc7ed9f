package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
)

// pingBot answers !ping with "pong <tag>" and echoes other text, in the
// plain Baileys style (reconnect loop included) a user would write.
func pingBot(tag string) string {
	return `const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_ping')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (!m.message || m.key.fromMe) continue
      const text = m.message.conversation || m.message.extendedTextMessage?.text
      if (!text) continue
      await sock.sendMessage(m.key.remoteJid, { text: text === '!ping' ? 'pong ` + tag + `' : 'echo ` + tag + `: ' + text })
    }
  })
}
start()
`
}

// writeBot writes the bot file the way an editor saves it.
func writeBot(t testing.TB, dir, tag string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "ping.js"), []byte(pingBot(tag)), 0o600); err != nil {
		t.Fatal(err)
	}
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+) `)
	linkedRe = regexp.MustCompile(`session "auth_ping" linked as (\d+)@`)
)

// simAddr is the address a dev or sim process printed it listens on.
func simAddr(t testing.TB, p *proc) string {
	t.Helper()
	var addr string
	eventually(t, func() bool {
		m := listenRe.FindStringSubmatch(p.Output())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	}, "the listening address")
	return addr
}

// botNumber waits for the bot's session to be linked and returns its phone.
func botNumber(t testing.TB, p *proc) string {
	t.Helper()
	var phone string
	eventually(t, func() bool {
		m := linkedRe.FindStringSubmatch(p.Output())
		if m != nil {
			phone = m[1]
		}
		return m != nil
	}, "the bot's session to be linked")
	return phone
}

// chatAndReload drives a running bot as a user: a person says !ping and
// text and gets the replies; an edit of the bot file changes the replies
// without the bot's device reconnecting.
func chatAndReload(t testing.TB, bots string, botOut *proc, api botrttest.Admin) {
	t.Helper()
	phone := botNumber(t, botOut)
	const person = "15550001"
	api.AddPerson(person, "Ann")
	api.Send(person, phone, "!ping")
	api.WaitReply(person, "pong v1", waitFor)
	api.Send(person, phone, "hello")
	api.WaitReply(person, "echo v1: hello", waitFor)
	before := api.Connects(phone)

	reloads := strings.Count(botOut.Output(), "bot reloaded")
	writeBot(t, bots, "v2")
	eventually(t, func() bool { return strings.Count(botOut.Output(), "bot reloaded") > reloads }, "the bot to reload")
	api.Send(person, phone, "!ping")
	api.WaitReply(person, "pong v2", waitFor)
	if after := api.Connects(phone); after != before {
		t.Fatalf("the bot's device reconnected on reload: connects %d → %d", before, after)
	}
}

func TestDev(t *testing.T) {
	dir := t.TempDir()
	bots := filepath.Join(dir, "bots")
	if err := os.Mkdir(bots, 0o700); err != nil {
		t.Fatal(err)
	}
	writeBot(t, bots, "v1")
	p := startBotrt(t, dir, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
	addr := simAddr(t, p)
	p.waitOutput(t, "/api/people/15550001/messages")
	chatAndReload(t, bots, p, botrttest.Admin{T: t, Base: "http://" + addr})

	// A script error is printed with the .ts file and line, and the web
	// page's bot panel gets it with the file and line too.
	if err := os.WriteFile(filepath.Join(bots, "broken.ts"), []byte("const a: number = 1\nconst b = (a;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p.waitOutput(t, "broken.ts:2:")
	waitEvent(t, addr, `"bot":"broken"`, `"file":"broken.ts","line":2`)
	waitEvent(t, addr, `"bot":"ping"`, `"kind":"reload"`)

	phone := botNumber(t, p)
	p.Interrupt(t)
	for _, sub := range []string{"sim", "bots"} {
		if _, err := os.Stat(filepath.Join(dir, "state", sub)); err != nil {
			t.Errorf("state folder: %v", err)
		}
	}

	// Restarted on the same data, the bot logs in again as the same number
	// without being linked anew, and the person's history is still there.
	p = startBotrt(t, dir, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
	api := botrttest.Admin{T: t, Base: "http://" + simAddr(t, p)}
	eventually(t, func() bool { return api.Connects(phone) == 1 }, "the bot to log in again")
	api.Send("15550001", phone, "after restart")
	api.WaitReply("15550001", "echo v2: after restart", waitFor)
	if strings.Contains(p.Output(), "linked as") {
		t.Fatalf("the bot was linked again after a restart:\n%s", p.Output())
	}
	p.Interrupt(t)
}

// waitEvent reads the web page's event stream until an entry holds every part.
func waitEvent(t testing.TB, addr string, parts ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/api/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var seen []string
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		ok := true
		for _, part := range parts {
			ok = ok && strings.Contains(line, part)
		}
		if ok {
			return
		}
	}
	t.Fatalf("no event with %q in the page's stream (%v); got:\n%s", parts, sc.Err(), strings.Join(seen, "\n"))
}

func TestRunAgainstSim(t *testing.T) {
	dir := t.TempDir()
	bots := filepath.Join(dir, "bots")
	if err := os.Mkdir(bots, 0o700); err != nil {
		t.Fatal(err)
	}
	writeBot(t, bots, "v1")
	// Only the variables named by --env reach process.env.
	if err := os.WriteFile(filepath.Join(bots, "env.js"), []byte("console.log(`env=${process.env.BOTRT_TEST_TAG}:${process.env.BOTRT_TEST_SECRET}`)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BOTRT_TEST_TAG", "xyz")
	t.Setenv("BOTRT_TEST_SECRET", "hidden")
	key := filepath.Join(dir, "store.key")
	if err := os.WriteFile(key, []byte("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	s := startBotrt(t, dir, "sim", "--listen", "127.0.0.1:0", "--data", "simstate")
	addr := simAddr(t, s)
	r := startBotrt(t, dir, "run", "--server", "http://"+addr, "--data", "botstate", "--store-key-file", key, "--env", "BOTRT_TEST_TAG", "bots")
	r.waitOutput(t, "env=xyz:undefined")
	chatAndReload(t, bots, r, botrttest.Admin{T: t, Base: "http://" + addr})
	r.Interrupt(t)

	// The store was encrypted with the key: opening it without fails.
	_, errOut, code := runBotrt(t, dir, "run", "--server", "http://"+addr, "--data", "botstate", "bots")
	if code == 0 || !strings.Contains(strings.ToLower(errOut), "encrypt") {
		t.Fatalf("reopening the encrypted store without its key: exit %d\n%s", code, errOut)
	}
	s.Interrupt(t)
}

func TestSimServesRootKey(t *testing.T) {
	p := startBotrt(t, t.TempDir(), "sim", "--listen", "127.0.0.1:0", "--data", "s")
	addr := simAddr(t, p)
	out := p.waitOutput(t, "root public key: ")
	var key string
	botrttest.Admin{T: t, Base: "http://" + addr}.Do(http.MethodGet, "/api/root-key", nil, &key)
	if len(key) != 64 || !strings.Contains(out, "root public key: "+key) {
		t.Fatalf("GET /api/root-key = %q; printed:\n%s", key, out)
	}
	p.Interrupt(t)
}

func TestBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"dev", "a", "b"},
		{"dev", filepath.Join(dir, "missing"), "--listen", "127.0.0.1:0", "--data", dir},
		{"run", "--server", "http://127.0.0.1:1", "--pair-phone", "123", dir},
		{"run", "--store-key-file", filepath.Join(dir, "nokey"), dir},
		{"sim", "extra"},
	} {
		_, errOut, code := runBotrt(t, dir, args...)
		if code == 0 || !strings.Contains(errOut, "botrt "+args[0]+": ") {
			t.Errorf("botrt %v: exit %d, stderr %q; want a named error and a failure exit", args, code, errOut)
		}
	}
}
