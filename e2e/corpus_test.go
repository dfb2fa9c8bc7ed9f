package e2e

import (
	"os"
	"regexp"
	"testing"
	"time"
)

// The corpus-style bots (testdata/corpus) are written the way public
// Baileys bots are and run unmodified under `botrt dev`; each answers a
// simulated person.

func TestCorpusCommonJS(t *testing.T) {
	noLeaks(t)
	p, api, bot := devBots(t, "corpus/cjs", nil)
	p.waitOutput(t, regexp.MustCompile(`opened connection`))
	chat(t, api, bot, "15550201", "hi", "Hello P15550201!")
	api.Send("15550201", bot, "!menu")
	api.WaitReply("15550201", "Commands: hi, !menu", time.Minute)
	p.Interrupt(t)
}

func TestCorpusPluginFolder(t *testing.T) {
	noLeaks(t)
	p, api, bot := devBots(t, "corpus/esm", nil)
	p.waitOutput(t, regexp.MustCompile(`loaded 2 commands`))
	chat(t, api, bot, "15550202", ".ping", "pong!")
	api.Send("15550202", bot, ".say hello plugins")
	api.WaitReply("15550202", "HELLO PLUGINS", time.Minute)
	api.Send("15550202", bot, ".nope")
	api.WaitReply("15550202", "unknown command nope", time.Minute)
	p.Interrupt(t)
}

func TestCorpusPairingCode(t *testing.T) {
	in, out, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if _, err := out.WriteString("+1 555 123 4567\n"); err != nil {
		t.Fatal(err)
	}
	out.Close()
	p, api, bot := devBots(t, "corpus/pairing", in)
	p.waitOutput(t, regexp.MustCompile(`Pairing code: [A-Z0-9]{8}`))
	// botrt dev typed the code on the simulator's phone: the session is the number the script gave,
	// not a new account linked by its QR code.
	if bot != "15551234567" {
		t.Fatalf("linked as %s, want the number the script asked a pairing code for", bot)
	}
	chat(t, api, bot, "15550203", "!paired", "linked by pairing code")
	p.Interrupt(t)
}
