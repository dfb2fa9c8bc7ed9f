package jsapi_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/denied"
)

// Every function of every built-in, called with hostile arguments, must
// either work or throw a JS error; a Go panic (reported as "internal error
// in ...") or an escape to Go fails the test.
func TestHostileArgumentsNeverPanic(t *testing.T) {
	set := jsapi.Builtins(jsapi.Config{})
	b := jstest.New(t, jstest.Options{Modules: set.Modules, Globals: set.Globals})
	v, err := b.Run(`
		const skip = new Set(['exit', 'abort', 'kill', 'reallyExit', 'question', 'prompt', 'resume']);
		const args = [[], [undefined], [null], [42], [-1], [1e300], ['x'], [''], [{}], [[]], [() => 1], ['x', 'y', 'z'],
			[{}, {}, {}], [Symbol('s')], [10n], [new Uint8Array(2)], ['x', { encoding: 'nope' }], [{ toString() { throw new Error('evil') } }]];
		const internal = [];
		let calls = 0;
		const visit = (name, obj, depth) => {
			if (depth > 1 || obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return;
			for (const key of Object.getOwnPropertyNames(obj)) {
				if (skip.has(key) || key === 'constructor' || key === 'prototype' || key === 'caller' || key === 'arguments') continue;
				let fn;
				try { fn = obj[key]; } catch (e) { continue; }
				if (typeof fn !== 'function') { if (depth === 0) visit(name + '.' + key, fn, depth + 1); continue; }
				for (const a of args) {
					calls++;
					try { fn.apply(obj, a); } catch (e) {
						if (String(e && e.message).includes('internal error in')) internal.push(name + '.' + key + ': ' + e.message.split('\n')[0]);
					}
				}
			}
		};
		const mods = ` + "`" + `buffer events util path fs fs/promises crypto os url timers assert string_decoder querystring perf_hooks pino @hapi/boom qrcode-terminal node-cache dotenv readline` + "`" + `.split(' ');
		for (const m of mods) { let mod; try { mod = require(m); } catch (e) { continue; } visit(m, mod, 0); }
		for (const g of ['Buffer', 'TextEncoder', 'TextDecoder', 'structuredClone', 'atob', 'btoa', 'URL', 'AbortSignal', 'crypto', 'process', 'performance', 'Headers']) visit(g, globalThis[g], 0);
		visit('Buffer.prototype', Object.getPrototypeOf(Buffer.alloc(8)), 0);
		const instances = {
			hash: () => require('crypto').createHash('md5'), hmac: () => require('crypto').createHmac('sha1', 'k'),
			cache: () => new (require('node-cache'))({ checkperiod: 0 }), logger: () => require('pino')().child({}),
			decoder: () => new TextDecoder(), encoder: () => new TextEncoder(), url: () => new URL('http://x/?a=1'),
			params: () => new URLSearchParams('a=1'), headers: () => new Headers(), emitter: () => new (require('events'))(),
			boom: () => new (require('@hapi/boom').Boom)('x'), signal: () => new AbortController(),
			stringDecoder: () => new (require('string_decoder').StringDecoder)(),
		};
		for (const [name, make] of Object.entries(instances)) {
			const o = make();
			for (let p = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) visit(name, Object.assign(Object.create(null), Object.fromEntries(Object.getOwnPropertyNames(p).filter((k) => { try { return typeof p[k] === 'function' } catch (e) { return false } }).map((k) => [k, (...a) => o[k](...a)]))), 1);
		}
		calls + ' calls; ' + internal.join('\n');
	`)
	if err != nil {
		t.Fatalf("a hostile call escaped to Go: %v", err)
	}
	if got := v.String(); strings.Contains(got, "internal error") {
		t.Fatalf("Go panics reached scripts:\n%s", got)
	} else {
		t.Log(got)
	}
}

// Every registered module loads (or, for the refused ones, fails naming itself).
func TestEveryModuleLoads(t *testing.T) {
	set := jsapi.Builtins(jsapi.Config{})
	b := jstest.New(t, jstest.Options{Modules: set.Modules, Globals: set.Globals})
	b.Eval(`globalThis.setTimeout = () => ({ unref() {} }); globalThis.clearTimeout = () => {}; globalThis.setInterval = globalThis.setTimeout;
		globalThis.clearInterval = () => {}; globalThis.setImmediate = globalThis.setTimeout; globalThis.clearImmediate = () => {}`)
	for name := range set.Modules {
		_, err := b.Run(`require('node:` + name + `')`)
		_, refused := denied.Reasons[name]
		switch {
		case refused && (err == nil || !strings.Contains(err.Error(), `"`+name+`" is not available in the botrt sandbox`)):
			t.Errorf("%s: %v", name, err)
		case !refused && err != nil:
			t.Errorf("%s failed to load: %v", name, err)
		}
	}
	for _, name := range []string{"axios", "node-fetch", "perf_hooks", "timers/promises", "pino", "fs/promises"} {
		if _, ok := set.Modules[name]; !ok {
			t.Errorf("%s is not registered", name)
		}
	}
}
