package web_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/web"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	return jstest.New(t, jstest.Options{
		DataDir: "/data/bot",
		Globals: []runtime.Global{buffer.Global(), web.Global()},
		Modules: map[string]runtime.Module{"url": web.URLModule()},
	})
}

func TestStructuredClone(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`
		const src = { n: 1, s: 'x', d: new Date(5), r: /a+/gi, m: new Map([['k', { deep: [1, 2] }]]), set: new Set([1]),
			buf: Buffer.from('hi'), u16: new Uint16Array([7]), big: 10n, e: new TypeError('bad'), nested: { arr: [1, , 3] } };
		src.self = src;
		const c = structuredClone(src);
		[
			c !== src, c.self === c, c.n, c.d instanceof Date && c.d.getTime(), c.r.source + c.r.flags,
			c.m.get('k').deep.join('') , c.m.get('k') !== src.m.get('k'), c.set.has(1),
			c.buf instanceof Uint8Array && !Buffer.isBuffer(c.buf) && c.buf[0], c.u16 instanceof Uint16Array && c.u16[0],
			c.big, c.e instanceof TypeError && c.e.message, 1 in c.nested.arr,
		].join();
	`).String()
	if want := "true,true,1,5,a+gi,12,true,true,104,7,10,bad,false"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for expr, want := range map[string]string{
		`structuredClone({ f() {} })`:        "DataCloneError",
		`structuredClone(Symbol('s'))`:       "could not be cloned",
		`structuredClone(Promise.resolve())`: "could not be cloned",
	} {
		v, err := b.Run(`try { ` + expr + `; 'no error' } catch (e) { e.name + ': ' + e.message }`)
		if err != nil || !strings.Contains(v.String(), want) {
			t.Errorf("%s: %v %v, want %q", expr, v, err, want)
		}
	}
}

func TestAbortControllerAndEvents(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`
		const log = [];
		const ac = new AbortController();
		ac.signal.addEventListener('abort', (e) => log.push('listener:' + e.type), { once: true });
		ac.signal.onabort = () => log.push('onabort');
		log.push(ac.signal.aborted);
		ac.abort();
		ac.abort();
		log.push(ac.signal.aborted, ac.signal.reason.name);
		try { ac.signal.throwIfAborted(); } catch (e) { log.push('threw:' + e.name); }
		const pre = AbortSignal.abort('why');
		log.push(pre.aborted + ':' + pre.reason);
		const any = AbortSignal.any([new AbortController().signal, pre]);
		log.push('any:' + any.reason);
		const et = new EventTarget();
		const h = () => log.push('et');
		et.addEventListener('x', h);
		et.dispatchEvent(new Event('x'));
		et.removeEventListener('x', h);
		et.dispatchEvent(new Event('x'));
		log.push(typeof global, global === globalThis);
		log.join(' ');
	`).String()
	if want := "false onabort listener:abort true AbortError threw:AbortError true:why any:why et object true"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if _, err := b.Run(`new AbortSignal()`); err == nil || !strings.Contains(err.Error(), "Illegal constructor") {
		t.Fatalf("new AbortSignal: %v", err)
	}
}

func TestURL(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`
		const u = new URL('https://user@example.com:8080/p/a?x=1&y=two#h');
		u.searchParams.append('z', 'a b');
		const url = require('node:url');
		[u.hostname, u.port, u.pathname, u.searchParams.get('y'), u.href, new URLSearchParams('a=1&a=2').getAll('a').join('+'),
		 url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/srv/x y.js').href, url.pathToFileURL('rel.txt').href,
		 url.URL === URL, u.origin, String(u) === u.href, JSON.stringify({u}), new URL('mailto:a@b.c').href].join(' | ');
	`).String()
	want := "example.com | 8080 | /p/a | two | https://user@example.com:8080/p/a?x=1&y=two&z=a+b#h | 1+2 | /tmp/a b.txt | file:///srv/x%20y.js | file:///data/bot/rel.txt | true | https://example.com:8080 | true | {\"u\":\"https://user@example.com:8080/p/a?x=1&y=two&z=a+b#h\"} | mailto:a@b.c"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	b.ExpectThrows(map[string]string{
		`new URL('not a url')`:                      "ERR_INVALID_URL",
		`require('url').fileURLToPath('http://x/')`: "The URL must be of scheme file",
		`require('url').parse('http://x/')`:         "url.parse (the legacy URL API) is not implemented in botrt",
	})
}
