package dotenv_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/process"
	"github.com/botrt/botrt/jsapi/shims/dotenv"
	"github.com/botrt/botrt/runtime"
)

const envFile = `# settings
OWNER=6281234567890
export PREFIX="!"
MULTI="line1\nline2"
SINGLE='raw\n'
SPACED = value with spaces   # comment
EMPTY=
HOME_OVERRIDE=fromfile
`

func TestConfigFillsTheBotsOwnEnv(t *testing.T) {
	t.Setenv("HOME_OVERRIDE", "host")
	scripts := t.TempDir()
	if err := os.WriteFile(filepath.Join(scripts, ".env"), []byte(envFile), 0o600); err != nil {
		t.Fatal(err)
	}
	b := jstest.New(t, jstest.Options{
		ScriptDir: scripts,
		Globals:   []runtime.Global{process.Global(process.Config{Env: []string{"HOME_OVERRIDE"}})},
		Modules:   map[string]runtime.Module{"dotenv": dotenv.Module(), "dotenv/config": dotenv.ConfigModule()},
	})
	got := b.Eval(`
		const res = require('dotenv').config();
		[process.env.OWNER, process.env.PREFIX, JSON.stringify(process.env.MULTI), process.env.SINGLE, process.env.SPACED,
		 JSON.stringify(process.env.EMPTY), process.env.HOME_OVERRIDE, Object.keys(res.parsed).length].join('|');
	`).String()
	if want := `6281234567890|!|"line1\nline2"|raw\n|value with spaces|""|host|7`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := b.Eval(`require('dotenv').config({ override: true }); process.env.HOME_OVERRIDE`).String(); got != "fromfile" {
		t.Fatalf("override: %s", got)
	}
	if os.Getenv("OWNER") != "" || os.Getenv("HOME_OVERRIDE") != "host" {
		t.Fatal("dotenv changed the host environment")
	}
	if got := b.Eval(`JSON.stringify(require('dotenv').parse('A=1\nB="x y"'))`).String(); got != `{"A":"1","B":"x y"}` {
		t.Fatalf("parse: %s", got)
	}
	if got := b.Eval(`String(require('dotenv').config({ path: '/etc/passwd' }).error)`).String(); !strings.Contains(got, "outside the bot's scripts and data folders") {
		t.Fatalf("escape: %s", got)
	}
	if got := b.Eval(`String(require('dotenv').config({ path: 'missing.env' }).error)`).String(); !strings.Contains(got, "no .env file at") {
		t.Fatalf("missing: %s", got)
	}
}

func TestDotenvConfigModule(t *testing.T) {
	scripts := t.TempDir()
	if err := os.WriteFile(filepath.Join(scripts, ".env"), []byte("TOKEN=abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := jstest.New(t, jstest.Options{
		ScriptDir: scripts,
		Globals:   []runtime.Global{process.Global(process.Config{})},
		Modules:   map[string]runtime.Module{"dotenv/config": dotenv.ConfigModule()},
	})
	if got := b.Eval(`require('dotenv/config'); process.env.TOKEN`).String(); got != "abc" {
		t.Fatalf("TOKEN = %s", got)
	}
}
