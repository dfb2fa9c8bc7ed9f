package stringdecoder_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/stringdecoder"
	"github.com/botrt/botrt/runtime"
)

func TestStringDecoderKeepsCharactersWhole(t *testing.T) {
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global()},
		Modules: map[string]runtime.Module{"string_decoder": stringdecoder.Module()},
	})
	got := b.Eval(`
		const { StringDecoder } = require('string_decoder');
		const euro = Buffer.from('€');
		const d = new StringDecoder('utf8');
		const a = [d.write(euro.subarray(0, 1)), d.write(euro.subarray(1)), d.end()];
		const b64 = new StringDecoder('base64');
		const src = Buffer.from('hello');
		const b = b64.write(src.subarray(0, 2)) + b64.write(src.subarray(2)) + b64.end();
		const h = new StringDecoder('hex').write(Buffer.from([1, 255]));
		const cut = new StringDecoder().end(Buffer.from([0xe2, 0x82]));
		JSON.stringify([a, b, h, cut]);
	`).String()
	if want := `[["","€",""],"aGVsbG8=","01ff","` + "\ufffd" + `"]`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if _, err := b.Run(`new (require('string_decoder').StringDecoder)('klingon')`); err == nil {
		t.Fatal("unknown encoding accepted")
	}
}
