package util_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/util"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global()},
		Modules: map[string]runtime.Module{"util": util.Module()},
	})
	b.Eval(`var util = require('util')`)
	return b
}

func TestFormatAndInspect(t *testing.T) {
	b := newBot(t)
	// Expected strings are Node 20's output.
	cases := map[string]string{
		`util.format('%s has %d items costing %f', 'cart', 3, 1.5)`:                                         "cart has 3 items costing 1.5",
		`util.format('%i|%j|%%|%o', 42.9, {a: 1}, 'x')`:                                                     `42|{"a":1}|%|'x'`,
		`util.format('a', 1, {b: [1, 2]}, 'c')`:                                                             "a 1 { b: [ 1, 2 ] } c",
		`util.format('%s', {x: {y: 1}})`:                                                                    "{ x: [Object] }",
		`util.format('%s:%s', 'only')`:                                                                      "only:%s",
		`util.format(1, 2)`:                                                                                 "1 2",
		`util.inspect({a: 1, 'b-c': 'x', [Symbol('s')]: 2})`:                                                `{ a: 1, 'b-c': 'x', [Symbol(s)]: 2 }`,
		`util.inspect({a: {b: {c: {d: 1}}}})`:                                                               "{ a: { b: { c: [Object] } } }",
		`util.inspect({a: {b: {c: {d: 1}}}}, {depth: null})`:                                                "{ a: { b: { c: { d: 1 } } } }",
		`util.inspect({a: {b: {c: {}}}}, false, 0)`:                                                         "{ a: [Object] }",
		`util.inspect(new Map([['k', 1]])) + util.inspect(new Set([1]))`:                                    "Map(1) { 'k' => 1 }Set(1) { 1 }",
		`util.inspect([1, , 3])`:                                                                            "[ 1, <empty>, 3 ]",
		`util.inspect(Buffer.from('hi'))`:                                                                   "<Buffer 68 69>",
		`util.inspect(new Uint8Array([1, 2]))`:                                                              "Uint8Array(2) [ 1, 2 ]",
		`(() => { const o = {n: 1}; o.self = o; return util.inspect(o) })()`:                                "{ n: 1, self: [Circular *1] }",
		`util.inspect(class Foo {}) + ' ' + util.inspect(function bar() {}) + ' ' + util.inspect(() => {})`: "[class Foo] [Function: bar] [Function (anonymous)]",
		`util.inspect(Object.create(null))`:                                                                 "[Object: null prototype] {}",
		`util.inspect({get g() { return 1 }})`:                                                              "{ g: [Getter] }",
		`util.inspect({get g() { return 1 }}, {getters: true})`:                                             "{ g: [Getter: 1] }",
		`util.inspect({b: 1, a: 2}, {sorted: true})`:                                                        "{ a: 2, b: 1 }",
		`util.inspect({[util.inspect.custom]: () => 'CUSTOM'})`:                                             "CUSTOM",
		`util.inspect(Promise.resolve(4))`:                                                                  "Promise { 4 }",
		`util.inspect("it's")`:                                                                              `"it's"`,
		`util.inspect(10n) + util.inspect(-0) + util.inspect(null) + util.inspect(undefined)`:               "10n-0nullundefined",
		`util.inspect(new (class Point { constructor() { this.x = 1 } }))`:                                  "Point { x: 1 }",
		`util.inspect(new Array(120).fill(0)).endsWith('... 20 more items\n]')`:                             "true",
		`util.inspect({ long: 'x'.repeat(90) }).includes('\n')`:                                             "true",
		`util.inspect(new Date(0))`:                                                                         "1970-01-01T00:00:00.000Z",
	}
	b.Expect(cases)
	if got := b.Eval(`util.inspect(new TypeError('bad'))`).String(); !strings.HasPrefix(got, "TypeError: bad") {
		t.Errorf("inspect(error) = %q", got)
	}
}

func TestPromisifyCallbackifyInherits(t *testing.T) {
	b := newBot(t)
	v := b.MustAwait(`
		const later = (x, cb) => Promise.resolve().then(() => x < 0 ? cb(new Error('negative')) : cb(null, x * 2));
		const p = util.promisify(later);
		p(21).then(async (v) => {
			let msg = '';
			try { await p(-1); } catch (e) { msg = e.message; }
			return v + ':' + msg;
		});
	`)
	if v.String() != "42:negative" {
		t.Fatalf("promisify: %s", v)
	}
	v = b.MustAwait(`
		new Promise((resolve) => util.callbackify(async (x) => x + 1)(1, (err, r) => resolve(String(err) + ':' + r)));
	`)
	if v.String() != "null:2" {
		t.Fatalf("callbackify: %s", v)
	}
	got := b.Eval(`
		function Base() {} Base.prototype.hi = function () { return 'hi' };
		function Child() { Base.call(this) }
		util.inherits(Child, Base);
		const custom = function () {}; custom[util.promisify.custom] = () => 'own';
		[new Child().hi(), Child.super_ === Base, util.promisify(custom)()].join()
	`).String()
	if got != "hi,true,own" {
		t.Fatalf("inherits/custom: %s", got)
	}
	if _, err := b.Run(`util.promisify(3)`); err == nil || !strings.Contains(err.Error(), `"original" argument must be of type function`) {
		t.Fatalf("promisify(3): %v", err)
	}
}

func TestDeepEqualAndTypes(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`[
		util.isDeepStrictEqual({a: [1, {b: 2}], m: new Map([[1, 2]])}, {a: [1, {b: 2}], m: new Map([[1, 2]])}),
		util.isDeepStrictEqual({a: 1}, {a: '1'}),
		util.isDeepStrictEqual([1, 2], [1, 2, 3]),
		util.isDeepStrictEqual(Buffer.from('a'), Buffer.from('a')),
		util.isDeepStrictEqual(new Set([{x: 1}]), new Set([{x: 1}])),
		util.types.isPromise(Promise.resolve()), util.types.isAsyncFunction(async () => {}),
		util.types.isDate(new Date()), util.types.isUint8Array(Buffer.alloc(1)),
		new util.TextDecoder().decode(new util.TextEncoder().encode('ok')),
		util.isArray([]), util.isPrimitive({}),
	].join()`).String()
	want := "true,false,false,true,true,true,true,true,true,ok,true,false"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
