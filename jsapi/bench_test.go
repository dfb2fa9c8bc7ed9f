package jsapi_test

import (
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/jsapi/internal/jstest"
)

// newBench builds a bot with every global installed and every module
// available, over fixed folders (no per-iteration temp dirs).
func newBench(b *testing.B, data, scripts string) *jstest.Bot {
	set := jsapi.Builtins(jsapi.Config{})
	return jstest.New(b, jstest.Options{Modules: set.Modules, Globals: set.Globals, DataDir: data, ScriptDir: scripts})
}

// BenchmarkInstallGlobals is the per-bot (and per-reload) cost of the
// globals: Buffer, TextEncoder/Decoder, web globals, process, crypto, fetch.
func BenchmarkInstallGlobals(b *testing.B) {
	data, scripts := b.TempDir(), b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		newBench(b, data, scripts)
	}
}

// BenchmarkRequireCommonModules adds what a typical Baileys bot requires.
func BenchmarkRequireCommonModules(b *testing.B) {
	data, scripts := b.TempDir(), b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		bot := newBench(b, data, scripts)
		bot.Eval(`for (const m of ['fs', 'path', 'events', 'util', 'crypto', 'pino', '@hapi/boom', 'qrcode-terminal', 'readline']) require(m)`)
	}
}

// BenchmarkHeapPerBot reports the live heap one bot with all globals and
// the common modules holds.
func BenchmarkHeapPerBot(b *testing.B) {
	data, scripts := b.TempDir(), b.TempDir()
	const n = 50
	for b.Loop() {
		var before, after goruntime.MemStats
		goruntime.GC()
		goruntime.ReadMemStats(&before)
		bots := make([]*jstest.Bot, n)
		for i := range bots {
			bots[i] = newBench(b, data, scripts)
			bots[i].Eval(`for (const m of ['fs', 'path', 'events', 'util', 'crypto', 'pino', '@hapi/boom']) require(m)`)
		}
		goruntime.GC()
		goruntime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n/1024, "KB/bot")
		goruntime.KeepAlive(bots)
	}
}

func benchScript(b *testing.B, setup, op string) {
	bot := newBench(b, b.TempDir(), b.TempDir())
	bot.Eval(setup)
	fn := bot.Eval(`(function () { ` + op + ` })`)
	call, _ := fnOf(fn)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := call(nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBufferBase64RoundTrip1KiB(b *testing.B) {
	benchScript(b, `var buf = Buffer.alloc(1024, 'ab')`, `Buffer.from(buf.toString('base64'), 'base64')`)
}

func BenchmarkBufferReadUInt32LE(b *testing.B) {
	benchScript(b, `var buf = Buffer.alloc(64, 7)`, `buf.readUInt32LE(8)`)
}

func BenchmarkSHA256Hex(b *testing.B) {
	benchScript(b, `var c = require('crypto')`, `c.createHash('sha256').update('hello world').digest('hex')`)
}

func BenchmarkReadFileSync4KiB(b *testing.B) {
	benchScript(b, `var fs = require('fs'); fs.writeFileSync('f.bin', Buffer.alloc(4096))`, `fs.readFileSync('f.bin')`)
}

func BenchmarkWriteFileSyncJSON(b *testing.B) {
	benchScript(b, `var fs = require('fs'); var creds = JSON.stringify({ me: { id: '1@s.whatsapp.net' }, keys: '`+strings.Repeat("k", 512)+`' })`,
		`fs.writeFileSync('creds.json', creds)`)
}

func BenchmarkEventEmitterEmit(b *testing.B) {
	benchScript(b, `var ee = new (require('events'))(); var n = 0; ee.on('messages.upsert', (m) => { n += m.messages.length })`,
		`ee.emit('messages.upsert', { messages: [1], type: 'notify' })`)
}

func BenchmarkUtilInspect(b *testing.B) {
	benchScript(b, `var util = require('util'); var msg = { key: { remoteJid: '1@s.whatsapp.net', fromMe: false, id: 'ABC' }, message: { conversation: 'hi' } }`,
		`util.inspect(msg)`)
}

func BenchmarkPinoSilent(b *testing.B) {
	benchScript(b, `var log = require('pino')({ level: 'silent' }).child({ class: 'baileys' })`, `log.debug({ id: 1 }, 'recv')`)
}
