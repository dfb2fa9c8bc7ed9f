package encoding_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/runtime"
)

func TestTextEncoderDecoder(t *testing.T) {
	b := jstest.New(t, jstest.Options{Globals: []runtime.Global{encoding.Global()}})
	cases := map[string]string{
		`Array.from(new TextEncoder().encode('hé€')).join()`:                                               "104,195,169,226,130,172",
		`new TextEncoder().encode() instanceof Uint8Array`:                                                 "true",
		`new TextDecoder().decode(new TextEncoder().encode('😀 ok'))`:                                       "😀 ok",
		`new TextDecoder().decode(new Uint8Array([0xef,0xbb,0xbf,0x41]))`:                                  "A",
		`new TextDecoder('utf-8', {ignoreBOM: true}).decode(new Uint8Array([0xef,0xbb,0xbf,0x41])).length`: "2",
		`new TextDecoder().decode(new Uint8Array([0x41, 0xff, 0x42]))`:                                     "A\uFFFDB",
		`new TextDecoder('utf-16le').decode(new Uint8Array([0x68, 0, 0x69, 0]))`:                           "hi",
		`new TextDecoder('latin1').decode(new Uint8Array([0xe9]))`:                                         "é",
		`new TextDecoder().decode(new Uint8Array([0x68, 0x69]).buffer)`:                                    "hi",
		`new TextDecoder().decode()`:                                                                       "",
		`new TextDecoder('UTF8').encoding`:                                                                 "utf-8",
		`(() => { const d = new TextDecoder(); const e = new TextEncoder().encode('€'); return d.decode(e.subarray(0, 1), {stream: true}) + '|' + d.decode(e.subarray(1)) })()`: "|€",
		`JSON.stringify(new TextEncoder().encodeInto('aé€', new Uint8Array(4)))`:                                                                                                `{"read":2,"written":3}`,
	}
	b.Expect(cases)
	b.ExpectThrows(map[string]string{
		`new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array([0xff]))`: "not valid for encoding utf-8",
		`new TextDecoder('klingon')`:       `"klingon" encoding is not supported`,
		`new TextDecoder().decode('text')`: `"input" argument must be an instance of ArrayBuffer`,
	})
}
