package lang_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/lang"
	"github.com/botrt/botrt/runtime"
)

func TestLanguageGaps(t *testing.T) {
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{lang.Global()},
		Modules: map[string]runtime.Module{"perf_hooks": lang.PerfHooksModule()},
	})
	got := b.Eval(`
		class HttpError extends Error {
			constructor(msg) { super(msg); this.name = 'HttpError'; Error.captureStackTrace(this, HttpError); }
		}
		function thrower() { throw new HttpError('teapot'); }
		let stack = '';
		try { thrower(); } catch (e) { stack = e.stack; }
		const it = { [Symbol.asyncIterator]() { return 1; } };
		const t0 = performance.now();
		let x = 0; for (let i = 0; i < 1000; i++) x += i;
		[stack.startsWith('HttpError: teapot\n'), stack.includes('thrower'), Symbol.asyncIterator === Symbol.for('Symbol.asyncIterator'),
		 it[Symbol.for('Symbol.asyncIterator')](), performance.now() >= t0, performance.timeOrigin > 1.7e12,
		 require('perf_hooks').performance === performance, Error.stackTraceLimit].join();
	`).String()
	if want := "true,true,true,1,true,true,true,10"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
