package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
)

// TestOfficialExample runs Example/example.ts of the Baileys repository
// under `botrt dev`. The file is kept unmodified in testdata; the test
// changes only its import specifier '../src' (the Baileys source tree next to
// the example) to the package name, as anyone copying the example into a
// project does: botrt refuses to load files outside the scripts folder.
func TestOfficialExample(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "official", "example.ts"))
	if err != nil {
		t.Fatal(err)
	}
	code := strings.Replace(string(src), "from '../src'", "from '@whiskeysockets/baileys'", 1)
	if code == string(src) {
		t.Fatal("example.ts no longer imports '../src'")
	}
	dir := t.TempDir()
	bots := filepath.Join(dir, "bots")
	if err := os.Mkdir(bots, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bots, "example.ts"), []byte(code), 0o600); err != nil {
		t.Fatal(err)
	}
	// The example answers only when started with --do-reply: `botrt dev DIR -- ARGS` hands ARGS
	// to the scripts' process.argv as `node example.ts ARGS` would.
	p := start(t, dir, nil, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state", "--", "--do-reply")
	api := botrttest.Admin{T: t, Base: "http://" + p.waitOutput(t, listenRe)[1]}
	bot := p.waitOutput(t, linkedRe)[1]
	const person = "15550301"
	api.AddPerson(person, "P"+person)
	id := api.Send(person, bot, "hello example")
	api.WaitReply(person, "pong "+id, time.Minute)
	p.Interrupt(t)
}
