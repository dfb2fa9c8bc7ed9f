package jsconv_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/shims/boom"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	return jstest.New(t, jstest.Options{
		Modules: map[string]runtime.Module{"@hapi/boom": boom.Module()},
		Globals: []runtime.Global{buffer.Global()},
	})
}

func TestToJSFollowsTheRules(t *testing.T) {
	b := newBot(t)
	vm := b.Runtime()
	raw := []byte("hi")
	v := jsval.NewObject().
		Set("z", int64(1)).Set("a", "s").Set("gone", jsval.Undefined).Set("n", nil).Set("f", 1.5).Set("u", uint64(7)).
		Set("bytes", raw).Set("when", time.UnixMilli(1700000000123).UTC()).
		Set("list", jsval.Array{true, jsval.Undefined, jsval.NewObject().Set("k", "v")})
	jv, err := jsconv.ToJS(vm, v)
	if err != nil {
		t.Fatal(err)
	}
	if err := vm.Set("v", jv); err != nil {
		t.Fatal(err)
	}
	raw[0] = 'X' // the Buffer is a copy
	got := b.Eval(`JSON.stringify(v) + ' ' + Object.keys(v).join(',') + ' ' + Buffer.isBuffer(v.bytes) + ' ' + (v.when instanceof Date) + ' ' + ('gone' in v) + ' ' + v.bytes.toString()`).String()
	want := `{"z":1,"a":"s","n":null,"f":1.5,"u":7,"bytes":{"type":"Buffer","data":[104,105]},"when":"2023-11-14T22:13:20.123Z","list":[true,null,{"k":"v"}]} z,a,n,f,u,bytes,when,list true true false hi`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if jsval.Stringify(v) != strings.Replace(strings.Fields(want)[0], `"data":[104,105]`, `"data":[88,105]`, 1) {
		t.Fatalf("ToJS and jsval.Stringify disagree: %s", jsval.Stringify(v))
	}
}

func TestErrorsBecomeBooms(t *testing.T) {
	b := newBot(t)
	vm := b.Runtime()
	for _, c := range []struct {
		err  error
		want string
	}{
		{errs.New(428, "Connection Closed"), "true 428 Connection Closed Precondition Required null"},
		{errs.BadField("content.text", "string expected"), `true 400 content.text: string expected Bad Request {"field":"content.text"}`},
		{errors.New("plain"), "true 500 plain Internal Server Error null"},
	} {
		jv, err := jsconv.ToJS(vm, jsval.NewObject().Set("e", c.err))
		if err != nil {
			t.Fatal(err)
		}
		_ = vm.Set("v", jv)
		got := b.Eval(`[v.e instanceof require('@hapi/boom').Boom && v.e.isBoom, v.e.output.statusCode, v.e.message, v.e.output.payload.error, JSON.stringify(v.e.data)].join(' ')`).String()
		if got != c.want {
			t.Errorf("%v: got %q, want %q", c.err, got, c.want)
		}
	}
}

func TestFromJS(t *testing.T) {
	b := newBot(t)
	vm := b.Runtime()
	v, err := jsconv.FromJS(vm, b.Eval(`({ b: 2, a: [1, 2.5, 'x', null, undefined], buf: Buffer.from('ab'), u8: new Uint8Array([1, 2]), d: new Date(5), big: 2 ** 60, skip: undefined, nested: { ok: true } })`), "content")
	if err != nil {
		t.Fatal(err)
	}
	got := jsval.Stringify(v)
	want := `{"b":2,"a":[1,2.5,"x",null,null],"buf":{"type":"Buffer","data":[97,98]},"u8":{"type":"Buffer","data":[1,2]},"d":"1970-01-01T00:00:00.005Z","big":1152921504606846976,"nested":{"ok":true}}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	o := v.(*jsval.Object)
	if x, _ := o.Get("b"); x != int64(2) {
		t.Fatalf("integer arrives as %T", x)
	}
	if a, _ := o.Get("a"); a.(jsval.Array)[1] != 2.5 {
		t.Fatalf("fraction arrives as %T", a.(jsval.Array)[1])
	}
	for src, wantErr := range map[string]string{
		`({ f: () => 1 })`:   "content.f: a function is not allowed here",
		`({ m: new Map() })`: "content.m: an instance of Map is not allowed here",
		`(() => { const o = {}; o.self = o; return o })()`: "nested deeper than",
		`({ s: Symbol('x') })`:                             "content.s: a symbol is not allowed here",
	} {
		_, err := jsconv.FromJS(vm, b.Eval(src), "content")
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: err %v, want %q", src, err, wantErr)
		}
		if errs.StatusOf(err) != 400 {
			t.Errorf("%s: status %d, want 400", src, errs.StatusOf(err))
		}
	}
	// The Buffer arrives as a copy: the script may reuse its memory.
	buf := b.Eval(`globalThis.buf = Buffer.from('ab'); buf`)
	cp, err := jsconv.FromJS(vm, buf, "x")
	if err != nil {
		t.Fatal(err)
	}
	b.Eval(`buf[0] = 0`)
	if string(cp.([]byte)) != "ab" {
		t.Fatal("FromJS shares the Buffer's memory")
	}
}
