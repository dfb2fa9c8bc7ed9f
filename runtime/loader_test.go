package runtime_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botrt/botrt/runtime"
)

func TestScriptFlavours(t *testing.T) {
	files := map[string]string{
		// CommonJS with a class, a relative require and JSON.
		"cjs.js": `
const sock = require('sock')
const { greet } = require('./lib/greet')
const cfg = require('./lib/config.json')
class Counter { #n = 0; next() { return ++this.#n } }
const c = new Counter()
sock.ev.on('msg', async (m) => {
	const n = c.next()
	await new Promise(r => setTimeout(r, 1))
	await sock.send(greet(m.text) + ' #' + n + ' ' + cfg.suffix)
})
`,
		"lib/greet.js":    "exports.greet = (who) => `hello ${who}`\n",
		"lib/config.json": `{"suffix": "!"}`,
		// ESM importing a host module (default and named) and a CJS file.
		"esm.mjs": `
import sock, { ev } from 'sock'
import greetMod, { greet } from './lib/greet.js'
import * as ns from './lib/shout.mjs'
ev.on('msg', async ({ text }) => {
	await sock.send([greet(text), greetMod.greet('x'), ns.default(text), ns.twice(text)].join('|'))
})
`,
		"lib/shout.mjs": "export default (s) => s.toUpperCase()\nexport const twice = (s) => s + s\n",
		// TypeScript: types, interfaces, enums, generics, async iteration lowered by esbuild.
		"ts.ts": `
import sock from 'sock'
import { Shape, area } from './lib/shapes'
enum Mode { Plain = 'plain', Loud = 'loud' }
interface Msg { text: string }
async function* words(s: string): AsyncGenerator<string> { for (const w of s.split(' ')) yield w }
sock.ev.on('msg', async (m: Msg) => {
	const out: string[] = []
	for await (const w of words(m.text)) out.push(w)
	const s: Shape = { kind: 'square', size: 3 }
	await sock.send(out.reverse().join(' ') + ' ' + area(s) + ' ' + Mode.Loud)
})
`,
		"lib/shapes.ts": `
export type Shape = { kind: 'square'; size: number } | { kind: 'circle'; r: number }
export function area(s: Shape): number { return s.kind === 'square' ? s.size ** 2 : Math.PI * s.r ** 2 }
`,
		// Plugins loaded at run time from a folder, the Node way.
		"plugins.js": `
const fs = require('fs'), path = require('path'), sock = require('sock')
const handlers = {}
for (const f of fs.readdirSync(path.join(__dirname, 'plugins')).sort()) {
	const p = require(path.join(__dirname, 'plugins', f))
	handlers[p.command] = p.run
}
sock.ev.on('msg', ({ text }) => {
	const [cmd, ...rest] = text.split(' ')
	sock.send(handlers[cmd] ? handlers[cmd](rest.join(' ')) : 'unknown ' + cmd)
})
`,
		"plugins/ping.js":  "module.exports = { command: 'ping', run: () => 'pong' }\n",
		"plugins/echo.ts":  "export const command: string = 'echo'\nexport function run(s: string): string { return s }\n",
		"plugins/upper.js": "const { default: shout } = require('../lib/shout.mjs')\nmodule.exports = { command: 'up', run: shout }\n",
		// Typings kept next to the bots for editors are not bots.
		"botrt.d.ts": "declare module 'botrt' { export const kv: any }\n",
	}
	e, sock := start(t, files, nil)
	for _, b := range []string{"cjs", "esm", "ts", "plugins"} {
		e.WaitEvent(b, runtime.EventStarted)
	}
	expect(t, "cjs", ask(t, sock, "cjs", "ana"), "hello ana #1 !")
	expect(t, "cjs again", ask(t, sock, "cjs", "bo"), "hello bo #2 !")
	expect(t, "esm", ask(t, sock, "esm", "hi"), "hello hi|hello x|HI|hihi")
	expect(t, "ts", ask(t, sock, "ts", "a b c"), "c b a 9 loud")
	expect(t, "plugin ping", ask(t, sock, "plugins", "ping"), "pong")
	expect(t, "plugin echo (ts)", ask(t, sock, "plugins", "echo say this"), "say this")
	expect(t, "plugin up (esm)", ask(t, sock, "plugins", "up loud"), "LOUD")
	for _, bi := range e.Host.Bots() {
		if bi.Name == "botrt.d" {
			t.Fatal("a .d.ts file became a bot")
		}
	}
}

func TestNodeModulesPackagesAreBundled(t *testing.T) {
	files := map[string]string{
		"bot.js": `
const sock = require('sock')
const pad = require('leftpad')
const { camel } = require('@acme/strings')
sock.ev.on('msg', ({ text }) => sock.send(pad(camel(text), 16, '.')))
`,
		// A CommonJS package with main.
		"node_modules/leftpad/package.json": `{"name":"leftpad","main":"lib/index.js"}`,
		"node_modules/leftpad/lib/index.js": "module.exports = (s, n, c) => c.repeat(Math.max(0, n - s.length)) + s\n",
		// An ESM-only package with an exports map, which goja_nodejs' require cannot load.
		"node_modules/@acme/strings/package.json": `{"name":"@acme/strings","type":"module","exports":{".":"./src/index.js"}}`,
		"node_modules/@acme/strings/src/index.js": "import { upper } from './upper.js'\nexport const camel = (s) => s.split(' ').map((w, i) => i ? upper(w[0]) + w.slice(1) : w).join('')\n",
		"node_modules/@acme/strings/src/upper.js": "export const upper = (s) => s.toUpperCase()\n",
	}
	e, sock := start(t, files, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "bundled packages", ask(t, sock, "bot", "hello big world"), "...helloBigWorld")
}

func TestLoadErrorsPointAtTheSource(t *testing.T) {
	e, _ := start(t, map[string]string{
		"typo.ts":    "const a: number = 1\nconst b = {\n  x: 1,,\n}\n",
		"tla.mjs":    "const x = await Promise.resolve(1)\nconsole.log(x)\n",
		"throws.ts":  "type T = { n: number }\nconst t: T = { n: 1 }\nfunction boom(): never {\n  throw new Error('bad config ' + t.n)\n}\nboom()\n",
		"missing.js": "require('./nope')\n",
		"escape.js":  "require('/etc/passwd')\n",
		"unknown.js": "require('left-pad-not-installed')\n",
		"builtin.js": "require('child_process')\n",
		"empty.js":   "require('')\n",
	}, nil)
	cases := map[string][]string{
		"typo":    {"typo.ts:3:", "Expected identifier"},
		"tla":     {"tla.mjs:1:", "Top-level await", "async function"},
		"throws":  {"Error: bad config 1", "throws.ts:4:"},
		"missing": {`cannot find module "./nope" required from missing.js`, "no such file"},
		"escape":  {`"/etc/passwd"`, "only load files inside the scripts folder"},
		"unknown": {`"left-pad-not-installed"`, "node_modules"},
		"builtin": {`"child_process"`, "a Node built-in module that botrt does not provide"},
		"empty":   {`cannot find module ""`},
	}
	for bot, parts := range cases {
		ev := e.WaitEvent(bot, runtime.EventFailed)
		if ev.Running {
			t.Errorf("%s: reported running after a failed first load", bot)
		}
		for _, p := range parts {
			if ev.Err == nil || !strings.Contains(ev.Err.Error(), p) {
				t.Errorf("%s: error %v does not mention %q", bot, ev.Err, p)
			}
		}
	}
}

func TestRuntimeErrorsShowTheTypeScriptLine(t *testing.T) {
	e, sock := start(t, map[string]string{
		"bot.ts": `import sock from 'sock'
interface Msg { text: string; meta?: { n: number } }

function parse(m: Msg): number {
	// the next line throws for messages without meta (line 6)
	return m.meta!.n * 2
}

sock.ev.on('msg', (m: Msg) => {
	sock.send(String(parse(m)))
})
`,
	}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	if err := sock.Emit("bot", "msg", map[string]any{"text": "x"}); err != nil {
		t.Fatal(err)
	}
	line := e.Logs.Wait("TypeError")
	for _, want := range []string{"bot.ts:6:", "at parse", "bot.ts:10:"} {
		if !strings.Contains(line, want) {
			t.Errorf("stack does not show %q:\n%s", want, line)
		}
	}
	if strings.Contains(line, "bot.js") {
		t.Errorf("stack shows the generated JS:\n%s", line)
	}
	// The bot is still there.
	if err := sock.Emit("bot", "msg", map[string]any{"text": "y", "meta": map[string]any{"n": 4}}); err != nil {
		t.Fatal(err)
	}
	expect(t, "after the error", sock.WaitSent(t, "bot").Text(), "8")
}

func TestSymlinksOutOfTheFolderAreRefused(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.js"), []byte("module.exports = 'secret'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, _ := start(t, map[string]string{}, nil)
	if err := os.Symlink(outside, e.Path("link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.js"), e.Path("alias.js")); err != nil {
		t.Fatal(err)
	}
	e.Write("viadir.js", "require('./link/secret')\n")
	e.Write("viafile.js", "require('./alias.js')\n")
	// alias.js is itself at the top of the folder: it must not become a bot either.
	for _, bot := range []string{"viadir", "viafile", "alias"} {
		ev := e.WaitEvent(bot, runtime.EventFailed)
		if ev.Err == nil || !strings.Contains(ev.Err.Error(), "only load files inside the scripts folder") {
			t.Errorf("%s: %v", bot, ev.Err)
		}
	}
}

func TestUnicodePropertyEscapesAreFlagged(t *testing.T) {
	e, _ := start(t, map[string]string{"re.js": "// letters only\nconst isWord = (s) => /^\\p{L}+$/u.test(s)\nconsole.log(isWord('abc'))\n"}, nil)
	e.WaitEvent("re", runtime.EventExited)
	e.Logs.Wait("WARN", "re.js:2:", "Unicode property escapes")
}

func TestRequireMainAndCacheWorkAsInNode(t *testing.T) {
	e, sock := start(t, map[string]string{
		"bot.js": `
const sock = require('sock')
const file = require.resolve('./lib/counter')
const a = require('./lib/counter')
a.n++
const same = require('./lib/counter') === a
delete require.cache[file]
const b = require('./lib/counter')
sock.ev.on('msg', () => sock.send([require.main === module, a.isMain, same, b !== a, b.n, file in require.cache].join(' ')))
`,
		"lib/counter.js": "exports.n = 0\nexports.isMain = require.main === module\n",
	}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "require.main and require.cache", ask(t, sock, "bot", "?"), "true false true true 0 true")
}
