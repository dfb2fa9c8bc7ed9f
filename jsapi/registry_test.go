package jsapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

func start(t *testing.T, cfg jsapi.Config, files map[string]string) *runtimetest.Env {
	t.Helper()
	set := jsapi.Builtins(cfg)
	return runtimetest.Start(t, runtimetest.Options{Files: files, Modules: set.Modules, Globals: set.Globals})
}

// A CommonJS bot in the style of the corpus, touching each built-in; it
// logs one line of results that must match what Node prints.
const cjsBot = `
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { EventEmitter } = require('events');
const util = require('node:util');
const pino = require('pino');
const { Boom } = require('@hapi/boom');
const NodeCache = require('node-cache');
const qrcode = require('qrcode-terminal');
require('dotenv').config();

const logger = pino({ level: 'silent' });
logger.child({ class: 'baileys' }).info('never shown');
const authDir = path.join(process.cwd(), 'auth_info');
fs.mkdirSync(authDir, { recursive: true });
fs.writeFileSync(path.join(authDir, 'creds.json'), JSON.stringify({ registered: false }));
const creds = JSON.parse(fs.readFileSync(path.join(authDir, 'creds.json'), 'utf-8'));
const plugins = fs.readdirSync(path.join(__dirname, 'plugins')).filter((f) => f.endsWith('.js'));
const loaded = plugins.map((f) => require(path.join(__dirname, 'plugins', f)).name);
const ev = new EventEmitter();
let got = '';
ev.once('connection.update', ({ connection }) => { got = connection; });
ev.emit('connection.update', { connection: 'open' });
const err = new Boom('Connection Closed', { statusCode: 428 });
const cache = new NodeCache({ stdTTL: 60 });
cache.set('msg', { id: 1 });
let qr = '';
qrcode.generate('2@ref,key', { small: true }, (s) => { qr = s; });
const hash = crypto.createHash('sha256').update(Buffer.from('abc')).digest('hex').slice(0, 8);
const te = new TextDecoder().decode(new TextEncoder().encode('olá'));
const clone = structuredClone({ d: new Date(0) }).d.getTime();
console.log('RESULT', [creds.registered, loaded.join('+'), got, err.output.statusCode, err.isBoom, cache.get('msg').id,
  qr.length > 100, hash, te, clone, process.env.OWNER, typeof global, util.format('%s=%d', 'n', 5),
  btoa('hi'), new URL('https://x.test/a?b=1').searchParams.get('b'), Buffer.from('hi').toString('base64url')].join(' '));
`

func TestCommonJSBotUsesTheBuiltins(t *testing.T) {
	runtimetest.NoLeaks(t)
	e := start(t, jsapi.Config{}, map[string]string{
		"main.js":         cjsBot,
		"plugins/ping.js": `module.exports = { name: 'ping' }`,
		"plugins/menu.js": `module.exports = { name: 'menu' }`,
		".env":            "OWNER=628123\n",
	})
	line := e.Logs.Wait("RESULT")
	want := "RESULT false menu+ping open 428 true 1 true ba7816bf olá 0 628123 object n=5 aGk= 1 aGk"
	if !strings.Contains(line, want) {
		t.Fatalf("got  %s\nwant %s", line, want)
	}
	if n := e.Logs.Count("never shown"); n != 0 {
		t.Fatalf("a silent pino logger wrote %d lines", n)
	}
	if _, err := os.Stat(filepath.Join(e.DataDir, "main", "auth_info", "creds.json")); err != nil {
		t.Fatalf("creds not in the bot's data folder: %v", err)
	}
}

// ESM and TypeScript imports of host modules: default and named, node: prefix.
func TestESMAndTypeScriptImports(t *testing.T) {
	e := start(t, jsapi.Config{}, map[string]string{
		"esm.mjs": `
import pino from 'pino';
import { Boom } from '@hapi/boom';
import * as fs from 'node:fs';
import { readFile, writeFile } from 'fs/promises';
import EventEmitter, { once } from 'events';
import qrcode from 'qrcode-terminal';
import NodeCache from 'node-cache';
import { randomUUID } from 'crypto';
import readline from 'readline';
import 'dotenv/config';
const log = pino({ level: 'info' }).child({ mod: 'esm' });
await0();
async function await0() {
  await writeFile('x.txt', 'esm-ok');
  const ee = new EventEmitter();
  setTimeout(() => ee.emit('ready', 7), 1);
  const [n] = await once(ee, 'ready');
  log.info('ESM ' + (await readFile('x.txt', 'utf8')) + ' ' + fs.existsSync('x.txt') + ' ' + n + ' ' + new Boom('b', { statusCode: 401 }).output.statusCode + ' ' + typeof qrcode.generate + ' ' + new NodeCache().set('a', 1) + ' ' + randomUUID().length + ' ' + typeof readline.createInterface);
}
`,
		"typed.ts": `
import * as path from 'path';
import { promisify } from 'util';
import type { Stats } from 'fs';
import { stat } from 'fs';
const statAsync = promisify(stat);
async function main(): Promise<void> {
  const s: Stats = await statAsync(path.join(__dirname, 'typed.ts'));
  console.log('TS', s.isFile(), path.extname(__filename));
}
main();
`,
	})
	e.Logs.Wait("ESM esm-ok true 7 401 function true 36 function", "mod=esm")
	e.Logs.Wait("TS true .ts")
}

// Every escape the issue lists is refused with a clear message, and the
// other bot keeps running.
func TestSandboxEscapesAreRefused(t *testing.T) {
	t.Setenv("BOT_SECRET_OK", "visible")
	t.Setenv("HOST_ONLY_SECRET", "hunter2")
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := start(t, jsapi.Config{Env: []string{"BOT_SECRET_OK"}}, map[string]string{
		"probe.js": fmt.Sprintf(`
const fs = require('fs');
const tryIt = (name, fn) => { try { const v = fn(); console.log('ESCAPE', name, 'ALLOWED', String(v).slice(0, 20)); } catch (e) { console.log('ESCAPE', name, 'REFUSED', e.code, e.message); } };
tryIt('passwd', () => fs.readFileSync('/etc/passwd', 'utf8'));
tryIt('dotdot', () => fs.readFileSync('../../../../../../etc/hostname', 'utf8'));
tryIt('outside', () => fs.readFileSync(%q, 'utf8'));
tryIt('symlink', () => fs.readFileSync('link/secret.txt', 'utf8'));
tryIt('write-scripts', () => fs.writeFileSync(__dirname + '/evil.js', 'x'));
tryIt('child', () => require('child_process'));
tryIt('net', () => require('node:net'));
tryIt('unknown', () => require('left-pad-that-is-not-installed'));
console.log('ENV', process.env.BOT_SECRET_OK, process.env.HOST_ONLY_SECRET, Object.keys(process.env).join(','));
`, filepath.Join(outside, "secret.txt")),
		"other.js": `let n = 0; const t = setInterval(() => { n++; if (n === 3) { clearInterval(t); console.log('OTHER still running'); } }, 5);`,
	})
	for _, c := range []struct{ name, want string }{
		{"passwd", "REFUSED EACCES EACCES: permission denied, open '/etc/passwd'"},
		{"dotdot", "REFUSED EACCES EACCES: permission denied"},
		{"outside", "REFUSED EACCES"},
		{"write-scripts", "REFUSED EACCES"},
		{"child", `module "child_process" is not available in the botrt sandbox: bots cannot start host processes`},
		{"net", `module "net" is not available in the botrt sandbox`},
		{"unknown", "left-pad-that-is-not-installed"},
	} {
		line := e.Logs.Wait("ESCAPE "+c.name+" ", "REFUSED")
		if !strings.Contains(line, c.want) {
			t.Errorf("%s: %s\nwant %s", c.name, line, c.want)
		}
	}
	line := e.Logs.Wait("ENV ")
	if !strings.Contains(line, "ENV visible undefined BOT_SECRET_OK") {
		t.Errorf("env line: %s", line)
	}
	e.Logs.Wait("OTHER still running")
	if data, err := os.ReadFile(filepath.Join(outside, "secret.txt")); err != nil || string(data) != "s3cret" {
		t.Fatalf("outside file touched: %q %v", data, err)
	}
}

func TestSymlinkOutOfTheDataFolderIsRefused(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	set := jsapi.Builtins(jsapi.Config{})
	e := runtimetest.Start(t, runtimetest.Options{Modules: set.Modules, Globals: set.Globals})
	if err := os.MkdirAll(filepath.Join(e.DataDir, "probe"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(e.DataDir, "probe", "link")); err != nil {
		t.Fatal(err)
	}
	e.Write("probe.js", `try { require('fs').readFileSync('link/secret.txt', 'utf8'); console.log('LINK ALLOWED') } catch (e) { console.log('LINK REFUSED', e.message) }`)
	line := e.Logs.Wait("LINK ")
	if !strings.Contains(line, "LINK REFUSED EACCES: permission denied, open 'link/secret.txt' (it leads outside the bot's folders through a symbolic link)") {
		t.Fatalf("got %s", line)
	}
}

func TestProcessExitStopsOnlyThatBot(t *testing.T) {
	e := start(t, jsapi.Config{}, map[string]string{
		"quitter.js": `process.on('exit', (c) => console.log('EXITING', c)); setTimeout(() => { process.exit(2); console.log('AFTER EXIT'); }, 1);`,
		"steady.js":  `let n = 0; const t = setInterval(() => { if (++n === 20) { clearInterval(t); console.log('STEADY done'); } }, 5);`,
	})
	ev := e.WaitEvent("quitter", runtime.EventExited)
	if ev.Code != 2 {
		t.Fatalf("exit event: %+v", ev)
	}
	e.Logs.Wait("EXITING 2")
	e.Logs.Wait("STEADY done")
	if e.Logs.Count("AFTER EXIT") != 0 {
		t.Fatal("code after process.exit ran")
	}
}

func TestFetchAndTimersTogether(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, `{"quote":"ok"}`)
	}))
	defer srv.Close()
	e := start(t, jsapi.Config{HTTPClient: srv.Client()}, map[string]string{
		"net.js": fmt.Sprintf(`
(async () => {
  const r = await fetch(%q);
  const { quote } = await r.json();
  let timeout = '';
  try { await fetch(%q, { signal: AbortSignal.timeout(20) }); } catch (e) { timeout = e.name; }
  console.log('FETCH', r.status, quote, timeout);
})();
`, srv.URL+"/q", srv.URL+"/slow"),
	})
	e.Logs.Wait("FETCH 200 ok TimeoutError")
}

func TestReadlineWithoutATerminal(t *testing.T) {
	e := start(t, jsapi.Config{}, map[string]string{
		"pair.js": `
const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
const question = (text) => new Promise((resolve) => rl.question(text, resolve));
question('Enter your number: ').then((n) => console.log('NUMBER', n)).catch((e) => console.log('NO TERMINAL', e.message));
`,
	})
	line := e.Logs.Wait("NO TERMINAL")
	if !strings.Contains(line, "readline: the host's stdin is not interactive") {
		t.Fatalf("got %s", line)
	}
}

func TestReadlineOnTheHostTerminal(t *testing.T) {
	prompts := &lockedWriter{w: &strings.Builder{}}
	e := start(t, jsapi.Config{Stdin: strings.NewReader("6281234567\n"), Interactive: true, Terminal: prompts}, map[string]string{
		"pair.js": `
const rl = require('readline').createInterface({ input: process.stdin, output: process.stdout });
rl.question('Enter your number: ', (n) => { console.log('NUMBER', n); rl.close(); });
`,
	})
	e.Logs.Wait("NUMBER 6281234567")
	if got := prompts.String(); got != "[pair] Enter your number: " {
		t.Fatalf("prompt shown as %q", got)
	}
}

func TestTimersPromises(t *testing.T) {
	e := start(t, jsapi.Config{}, map[string]string{
		"sleepy.mjs": `
import { setTimeout as sleep, setImmediate, setInterval } from 'node:timers/promises';
import { setTimeout as st } from 'timers';
import assert from 'assert';
const t0 = Date.now();
const v = await0();
async function await0() {
  const got = await sleep(20, 'slept');
  assert.strictEqual(typeof st, 'function');
  const imm = await setImmediate('imm');
  let ticks = 0;
  for await (const x of setInterval(2, 'tick')) { if (++ticks === 3) break; }
  const ac = new AbortController();
  const p = sleep(10000, 'never', { signal: ac.signal });
  ac.abort();
  let aborted = '';
  try { await p; } catch (e) { aborted = e.name + '/' + e.code; }
  console.log('TIMERS', got, Date.now() - t0 >= 20, imm, ticks, aborted);
}
`,
	})
	e.Logs.Wait("TIMERS slept true imm 3 AbortError/ABORT_ERR")
	e.WaitEvent("sleepy", runtime.EventExited) // finished: no timer left behind
}
