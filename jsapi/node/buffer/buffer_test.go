package buffer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	return jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global()},
		Modules: map[string]runtime.Module{"buffer": buffer.Module()},
	})
}

// Each case is an expression that must evaluate to the expected string.
func TestBufferBehavesLikeNode(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`Buffer.from('héllo').toString('hex')`, "68c3a96c6c6f"},
		{`Buffer.from('68c3a96c6c6f', 'hex').toString()`, "héllo"},
		{`Buffer.from('hello world').toString('base64')`, "aGVsbG8gd29ybGQ="},
		{`Buffer.from('aGVsbG8gd29ybGQ', 'base64').toString()`, "hello world"},
		{`Buffer.from([0xfb, 0xff, 0xfe]).toString('base64url')`, "-__-"},
		{`Buffer.from('-__-', 'base64url').toString('hex')`, "fbfffe"},
		{`Buffer.from('+//+', 'base64').toString('hex')`, "fbfffe"},
		{`Buffer.from('ÿé', 'latin1').toString('hex')`, "ffe9"},
		{`Buffer.from([0xff, 0xe9]).toString('binary')`, "ÿé"},
		{`Buffer.from([0xc1]).toString('ascii')`, "A"},
		{`Buffer.from('hi', 'utf16le').toString('hex')`, "68006900"},
		{`Buffer.from('68006900', 'hex').toString('ucs2')`, "hi"},
		{`Buffer.from('abc').slice(1).toString()`, "bc"},
		{`(() => { const a = Buffer.from('abc'); const s = a.slice(1, 2); s[0] = 0x7a; return a.toString() })()`, "azc"},
		{`Buffer.from('abc').subarray(1) instanceof Buffer`, "true"},
		{`Buffer.from('abcdef').toString('utf8', 1, 3)`, "bc"},
		{`Buffer.isBuffer(Buffer.alloc(1)) + ',' + Buffer.isBuffer(new Uint8Array(1))`, "true,false"},
		{`Buffer.byteLength('héllo') + ',' + Buffer.byteLength('aGk=', 'base64') + ',' + Buffer.byteLength(new ArrayBuffer(7))`, "6,2,7"},
		{`Buffer.concat([Buffer.from('ab'), new Uint8Array([99])]).toString()`, "abc"},
		{`Buffer.concat([Buffer.from('abcd')], 2).toString()`, "ab"},
		{`(() => { const d = Buffer.alloc(4, '.'); const n = Buffer.from('xyz').copy(d, 1, 1); return n + d.toString() })()`, "2.yz."},
		{`Buffer.from('a').equals(Buffer.from('a')) + ',' + Buffer.compare(Buffer.from('a'), Buffer.from('b')) + ',' + Buffer.from('b').compare(Buffer.from('a'))`, "true,-1,1"},
		{`Buffer.alloc(5, 'ab').toString()`, "ababa"},
		{`Buffer.alloc(3).toString('hex')`, "000000"},
		{`JSON.stringify(Buffer.from('hi'))`, `{"type":"Buffer","data":[104,105]}`},
		{`Buffer.from(JSON.parse(JSON.stringify(Buffer.from('hi')))).toString()`, "hi"},
		{`(() => { const b = Buffer.alloc(10); b.writeUInt16BE(0xbeef, 0); b.writeUInt32LE(0xdeadbeef, 2); b.writeInt8(-2, 6); b.writeUIntBE(0x010203, 7, 3); return b.toString('hex') })()`, "beefefbeaddefe010203"},
		{`(() => { const b = Buffer.from('beefefbeaddefe010203', 'hex'); return [b.readUInt16BE(0), b.readUint32LE(2), b.readInt8(6), b.readUIntBE(7, 3), b.readIntLE(6, 2)].join() })()`, "48879,3735928559,-2,66051,510"},
		{`(() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(2n ** 63n); return b.readBigUInt64BE().toString() + ',' + b.readBigInt64BE().toString() })()`, "9223372036854775808,-9223372036854775808"},
		{`(() => { const b = Buffer.alloc(8); b.writeDoubleLE(1.5); return b.readDoubleLE() + ',' + b.toString('hex') })()`, "1.5,000000000000f83f"},
		{`Buffer.from('hello world').indexOf('o') + ',' + Buffer.from('hello world').lastIndexOf('o') + ',' + Buffer.from('hello').includes(Buffer.from('ll')) + ',' + Buffer.from('hello').indexOf(0x6c)`, "4,7,true,2"},
		{`(() => { const b = Buffer.alloc(2); const n = b.write('héllo'); return n + b.toString('hex') })()`, "1" + "6800"},
		{`Buffer.from(new Uint16Array([1, 2])).toString('hex')`, "0102"},
		{`Buffer.from(new Uint8Array([1, 2, 3]).buffer, 1, 1).toString('hex')`, "02"},
		{`Buffer.from('abc').map(x => x + 1) instanceof Buffer`, "true"},
		{`require('buffer').Buffer === Buffer && require('node:buffer').Buffer === Buffer`, "true"},
		{`atob(btoa('\u00ff\u0000hi'))`, "\u00ff\u0000hi"},
		{`btoa('hello')`, "aGVsbG8="},
		{`atob(' aGVs bG8 ')`, "hello"},
		{`new Buffer('hi').toString() + new Buffer(2).length`, "hi2"},
		{`Buffer.from('\ud800x').toString('hex')`, "efbfbd78"},
		{`Buffer.from([1,2,3,4]).swap16().toString('hex')`, "02010403"},
		{`Buffer.from([0xe2, 0x82, 0x41]).toString()`, "\ufffdA"},
		{`Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]).toString().length`, "5"},
		{`Buffer.isEncoding('UTF-8') + ',' + Buffer.isEncoding('nope')`, "true,false"},
		{`Buffer.from('zz', 'hex').length + ',' + Buffer.from('abz', 'hex').toString('hex')`, "0,ab"},
	}
	b := newBot(t)
	for _, c := range cases {
		got, err := b.Run(c.expr)
		if err != nil {
			t.Errorf("%s: threw %v", c.expr, err)
			continue
		}
		if got.String() != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got.String(), c.want)
		}
	}
}

func TestBufferRejectsBadInput(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`Buffer.from('x', 'klingon')`, "Unknown encoding: klingon"},
		{`Buffer.from(42)`, "The first argument must be of type string"},
		{`Buffer.alloc(-1)`, `The value of "size" is out of range`},
		{`Buffer.alloc('3')`, `The "size" argument must be of type number`},
		{`Buffer.alloc(2).readUInt32LE(0)`, "Attempt to access memory outside buffer bounds"},
		{`Buffer.alloc(4).readUInt16BE(3)`, `The value of "offset" is out of range. It must be >= 0 and <= 2. Received 3`},
		{`Buffer.alloc(4).writeUInt8(256)`, `The value of "value" is out of range`},
		{`Buffer.alloc(8).writeBigInt64LE(1)`, `must be of type bigint`},
		{`Buffer.concat([1])`, `"list[0]" argument must be an instance of Buffer or Uint8Array`},
		{`Buffer.from('a').equals('a')`, `"otherBuffer" argument must be an instance`},
		{`atob('***')`, "Invalid character"},
		{`btoa('\u0100')`, "Invalid character"},
		{`Buffer.from([1,2,3]).swap16()`, "multiple of 16-bits"},
	}
	b := newBot(t)
	for _, c := range cases {
		_, err := b.Run(c.expr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.expr, err, c.want)
		}
	}
}

func TestWrapAndBytesRoundTrip(t *testing.T) {
	b := newBot(t)
	vm := b.Runtime()
	v, err := buffer.Wrap(vm, []byte{0, 1, 2, 255})
	if err != nil {
		t.Fatal(err)
	}
	if err := vm.Set("w", v); err != nil {
		t.Fatal(err)
	}
	if got := b.Eval(`Buffer.isBuffer(w) && w.toString('hex')`).String(); got != "000102ff" {
		t.Fatalf("wrapped buffer = %q", got)
	}
	for expr, want := range map[string][]byte{
		`Buffer.from('hi')`:                                 []byte("hi"),
		`new Uint8Array([7, 8])`:                            {7, 8},
		`new Uint8Array([1, 2, 3]).buffer`:                  {1, 2, 3},
		`new DataView(new Uint8Array([1, 2, 3]).buffer, 1)`: {2, 3},
		`new Uint16Array([0x0102])`:                         {2, 1},
	} {
		got, ok := buffer.Bytes(vm, b.Eval(expr))
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("Bytes(%s) = %v %v, want %v", expr, got, ok, want)
		}
	}
	if _, ok := buffer.Bytes(vm, b.Eval(`'text'`)); ok {
		t.Error("Bytes accepted a string")
	}
	if _, ok := buffer.Bytes(vm, b.Eval(`({buffer: 1})`)); ok {
		t.Error("Bytes accepted a plain object")
	}
}
