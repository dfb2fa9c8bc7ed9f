package crypto_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/crypto"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global(), crypto.Global()},
		Modules: map[string]runtime.Module{"crypto": crypto.Module()},
	})
	b.Eval(`var c = require('node:crypto')`)
	return b
}

func TestHashesAndHmacs(t *testing.T) {
	b := newBot(t)
	cases := map[string]string{
		`c.createHash('md5').update('abc').digest('hex')`:                                                   "900150983cd24fb0d6963f7d28e17f72",
		`c.createHash('sha1').update('ab').update('c').digest('hex')`:                                       "a9993e364706816aba3e25717850c26c9cd0d89d",
		`c.createHash('SHA256').update(Buffer.from('abc')).digest('base64')`:                                "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
		`c.createHash('sha512').update('').digest().length`:                                                 "64",
		`c.createHash('sha256').update('616263', 'hex').digest('hex').slice(0, 8)`:                          "ba7816bf",
		`c.createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex')`: "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
		`c.hash('sha1', 'abc')`: "a9993e364706816aba3e25717850c26c9cd0d89d",
		`(() => { const h = c.createHash('sha256').update('a'); const h2 = h.copy(); h2.update('bc'); return h.digest('hex').slice(0, 6) + h2.digest('hex').slice(0, 6) })()`: "ca9781ba7816",
		`c.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')) + ',' + c.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac'))`:                                             "true,false",
		`c.getHashes().includes('sha256')`: "true",
	}
	b.Expect(cases)
}

func TestRandomness(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`[
		c.randomBytes(16).length, Buffer.isBuffer(c.randomBytes(1)),
		c.randomBytes(32).toString('hex') !== c.randomBytes(32).toString('hex'),
		/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(c.randomUUID()),
		/^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
		Array.from({length: 200}, () => c.randomInt(3, 6)).every((n) => n >= 3 && n < 6),
		new Set(Array.from({length: 200}, () => c.randomInt(3))).size,
		crypto.getRandomValues(new Uint32Array(4)).length,
		c.webcrypto.getRandomValues(new Uint8Array(8)).some((x) => x !== 0) || 'all zero (1 in 2^64)',
	].join()`).String()
	if got != "16,true,true,true,true,true,3,4,true" {
		t.Fatalf("got %s", got)
	}
	v := b.MustAwait(`new Promise((res, rej) => c.randomBytes(8, (err, buf) => err ? rej(err) : res(buf.length)))`)
	if v.String() != "8" {
		t.Fatalf("async randomBytes: %s", v)
	}
	v = b.MustAwait(`new Promise((res) => c.randomInt(10, (err, n) => res(err === null && n >= 0 && n < 10)))`)
	if v.String() != "true" {
		t.Fatalf("async randomInt: %s", v)
	}
}

func TestCryptoErrors(t *testing.T) {
	b := newBot(t)
	b.ExpectThrows(map[string]string{
		`c.createHash('whirlpool')`:                                              "Digest method not supported: whirlpool",
		`c.createHash('md5').update(5)`:                                          `"data" argument must be of type string`,
		`(() => { const h = c.createHash('md5'); h.digest(); h.update('x') })()`: "Digest already called",
		`c.randomBytes(-1)`:                                                      `"size" is out of range`,
		`c.randomBytes('5')`:                                                     `"size" argument must be of type number`,
		`c.randomInt(5, 5)`:                                                      `"max" is out of range`,
		`c.randomInt(1.5)`:                                                       `must be a safe integer`,
		`c.timingSafeEqual(Buffer.from('a'), Buffer.from('ab'))`:                 "Input buffers must have the same byte length",
		`c.createCipheriv('aes-256-cbc')`:                                        "crypto.createCipheriv is not implemented in botrt",
		`crypto.subtle.digest('SHA-256', new Uint8Array(1))`:                     "crypto.subtle.digest is not implemented in botrt",
		`crypto.getRandomValues(new Uint8Array(70000))`:                          "exceeds the number of bytes of entropy",
		`crypto.getRandomValues(new Float64Array(2))`:                            "must be an integer-type TypedArray",
	})
}
