package web_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/admin"
	"github.com/botrt/botrt/sim/testkit"
)

// pingBot is a Baileys-style bot script for `botrt dev`.
const pingBot = `const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')

async function start() {
    const { state, saveCreds } = await useMultiFileAuthState('auth_ping')
    const sock = makeWASocket({ auth: state })
    sock.ev.on('creds.update', saveCreds)
    sock.ev.on('messages.upsert', async ({ messages, type }) => {
        if (type !== 'notify') return
        for (const m of messages) {
            if (!m.message || m.key.fromMe) continue
            const text = m.message.conversation || m.message.extendedTextMessage?.text
            if (text === '!ping') await sock.sendMessage(m.key.remoteJid, { text: 'pong' })
        }
    })
}
start()
`

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startDev builds botrt and runs `botrt dev` on scripts; it returns the simulator's URL once a bot is
// online, and stops the process (interrupt, as Ctrl-C) at cleanup.
func startDev(t *testing.T, scripts string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "botrt")
	build := exec.Command("go", "build", "-o", bin, "./cmd/botrt")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building botrt: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "dev", "--listen", "127.0.0.1:0", "--data", t.TempDir(), scripts)
	cmd.WaitDelay = 15 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 256)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody reads any more; keep draining so the process never blocks on its output
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(testkit.Timeout):
			_ = cmd.Process.Kill()
			<-done
			t.Error("botrt dev did not stop on interrupt")
		}
	})
	var url string
	deadline := time.After(testkit.Timeout)
	for url == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("botrt dev exited before it listened")
			}
			if m := listening.FindStringSubmatch(line); m != nil {
				url = m[1]
			}
		case <-deadline:
			t.Fatalf("botrt dev: not listening within %v", testkit.Timeout)
		}
	}
	waitBotOnline(t, url)
	return url
}

// waitBotOnline polls the admin API until an account that is not a person has a connected device.
func waitBotOnline(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(testkit.Timeout)
	for {
		res, err := http.Get(url + "/api/accounts")
		if err != nil {
			t.Fatal(err)
		}
		var accts []admin.AccountInfo
		err = json.NewDecoder(res.Body).Decode(&accts)
		res.Body.Close()
		if err != nil {
			t.Fatalf("GET /api/accounts: %v", err)
		}
		for _, a := range accts {
			for _, d := range a.Devices {
				if !a.Person && d.Connected {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no bot online within %v: %+v", testkit.Timeout, accts)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserDevReload edits a real bot script under `botrt dev` while the page is open and sees the
// new answer there, without the page reloading.
func TestBrowserDevReload(t *testing.T) {
	needBrowser(t)
	scripts := t.TempDir()
	botFile := filepath.Join(scripts, "ping.js")
	if err := os.WriteFile(botFile, []byte(pingBot), 0o644); err != nil {
		t.Fatal(err)
	}
	url := startDev(t, scripts)
	runScript(t, url, "reload.mjs", "BOT_FILE="+botFile, "PHONE=15550002222")
}
