// Package crypto provides Node's 'crypto' module (Go-backed): randomBytes,
// randomUUID, randomInt, createHash and createHmac (md5, sha1, sha224,
// sha256, sha384, sha512), timingSafeEqual, getRandomValues and the one-shot
// hash(); plus the Web Crypto `crypto` global (getRandomValues, randomUUID).
// Ciphers, key pairs and crypto.subtle are not provided and say so.
package crypto

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"hash"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/google/uuid"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/runtime"
)

var algorithms = map[string]func() hash.Hash{
	"md5": md5.New, "sha1": sha1.New, "sha224": sha256.New224, "sha256": sha256.New,
	"sha384": sha512.New384, "sha512": sha512.New,
}

var modKey = goja.NewSymbol("botrt.crypto")

// integerArrays are the views getRandomValues accepts (by Symbol.toStringTag).
var integerArrays = map[string]bool{
	"Int8Array": true, "Uint8Array": true, "Uint8ClampedArray": true, "Int16Array": true, "Uint16Array": true,
	"Int32Array": true, "Uint32Array": true, "BigInt64Array": true, "BigUint64Array": true,
}

// unsupported are Node crypto functions botrt does not implement; calling
// one throws an error naming it.
var unsupported = []string{
	"createCipheriv", "createDecipheriv", "createSign", "createVerify", "generateKeyPair", "generateKeyPairSync",
	"createPublicKey", "createPrivateKey", "createSecretKey", "createDiffieHellman", "createECDH", "pbkdf2",
	"pbkdf2Sync", "scrypt", "scryptSync", "publicEncrypt", "privateDecrypt", "sign", "verify", "hkdf", "hkdfSync",
}

// Module is require('crypto').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot) })
}

// Global installs the Web Crypto `crypto` object (getRandomValues, randomUUID).
func Global() runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		vm := bot.Runtime()
		return jsx.Lazy(vm, []string{"crypto"}, func() (*goja.Object, error) {
			m, err := exports(bot)
			if err != nil {
				return nil, err
			}
			holder := vm.NewObject()
			return holder, holder.Set("crypto", m.ToObject(vm).Get("webcrypto"))
		})
	})
}

func exports(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		if _, err := buffer.WrapOwned(vm, nil); err != nil { // the Buffer class must exist
			return nil, err
		}
		c := &cryptoMod{vm: vm, bot: bot}
		m := vm.NewObject()
		jsx.Set(vm, m, "crypto", map[string]jsx.Fn{
			"randomBytes":     c.randomBytes,
			"randomUUID":      func(goja.FunctionCall) goja.Value { return vm.ToValue(uuid.NewString()) },
			"randomInt":       c.randomInt,
			"createHash":      c.createHash,
			"createHmac":      c.createHmac,
			"hash":            c.oneShot,
			"timingSafeEqual": c.timingSafeEqual,
			"getRandomValues": c.getRandomValues,
			"getHashes": func(goja.FunctionCall) goja.Value {
				return vm.ToValue([]any{"md5", "sha1", "sha224", "sha256", "sha384", "sha512"})
			},
		})
		for _, name := range unsupported {
			jsx.Set(vm, m, "crypto", map[string]jsx.Fn{name: notImplemented(vm, "crypto."+name)})
		}
		web := vm.NewObject()
		_ = web.Set("getRandomValues", m.Get("getRandomValues"))
		_ = web.Set("randomUUID", m.Get("randomUUID"))
		subtleObj := vm.NewObject()
		for _, name := range []string{"digest", "encrypt", "decrypt", "sign", "verify", "importKey", "exportKey", "generateKey", "deriveKey", "deriveBits"} {
			jsx.Set(vm, subtleObj, "crypto.subtle", map[string]jsx.Fn{name: notImplemented(vm, "crypto.subtle."+name)})
		}
		_ = web.Set("subtle", subtleObj)
		_ = m.Set("webcrypto", web)
		_ = m.Set("subtle", subtleObj)
		_ = m.Set("constants", vm.NewObject())
		_ = m.Set("default", m)
		return m, nil
	})
}

func notImplemented(vm *goja.Runtime, name string) jsx.Fn {
	return func(goja.FunctionCall) goja.Value {
		jsx.Throw(vm, "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM", "%s is not implemented in botrt", name)
		return nil
	}
}

type cryptoMod struct {
	vm  *goja.Runtime
	bot runtime.Bot
}

// later calls cb(null, v) on a later turn of the loop, as Node's async forms do.
func (c *cryptoMod) later(cb goja.Callable, v goja.Value) goja.Value {
	complete := c.bot.RegisterCallback()
	complete(func() error {
		_, err := cb(goja.Undefined(), goja.Null(), v)
		return err
	})
	return goja.Undefined()
}

func (c *cryptoMod) randomBytes(call goja.FunctionCall) goja.Value {
	vm := c.vm
	n := call.Argument(0)
	size, ok := n.Export().(int64)
	if !ok {
		if f, isF := n.Export().(float64); isF && f == float64(int64(f)) {
			size, ok = int64(f), true
		}
	}
	if !ok {
		jsx.TypeError(vm, "The \"size\" argument must be of type number. Received %s", jsx.Describe(n))
	}
	if size < 0 || size > 1<<31-1 {
		jsx.RangeError(vm, "The value of \"size\" is out of range. It must be >= 0 && <= 2147483647. Received %d", size)
	}
	b := make([]byte, size)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	v, err := buffer.WrapOwned(vm, b)
	if err != nil {
		panic(vm.NewGoError(err))
	}
	if cb, isFn := goja.AssertFunction(call.Argument(1)); isFn {
		return c.later(cb, v)
	}
	return v
}

func (c *cryptoMod) randomInt(call goja.FunctionCall) goja.Value {
	vm := c.vm
	args := call.Arguments
	var cb goja.Callable
	if len(args) > 0 {
		if fn, ok := goja.AssertFunction(args[len(args)-1]); ok {
			cb, args = fn, args[:len(args)-1]
		}
	}
	var lo, hi int64
	intArg := func(v goja.Value, name string) int64 {
		f := v.ToFloat()
		if _, isNum := v.Export().(int64); !isNum && (f != float64(int64(f)) || goja.IsUndefined(v)) {
			jsx.TypeError(vm, "The %q argument must be a safe integer. Received %s", name, jsx.Describe(v))
		}
		return int64(f)
	}
	switch len(args) {
	case 1:
		hi = intArg(args[0], "max")
	case 2:
		lo, hi = intArg(args[0], "min"), intArg(args[1], "max")
	default:
		jsx.TypeError(vm, "randomInt takes ([min,] max[, callback])")
	}
	if hi <= lo || hi-lo > 1<<48 {
		jsx.RangeError(vm, "The value of \"max\" is out of range. It must be greater than the value of \"min\" (%d) and the range at most 2^48. Received %d", lo, hi)
	}
	r, err := rand.Int(rand.Reader, big.NewInt(hi-lo))
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("randomInt: %w", err)))
	}
	v := vm.ToValue(lo + r.Int64())
	if cb != nil {
		return c.later(cb, v)
	}
	return v
}

func algorithm(vm *goja.Runtime, v goja.Value) func() hash.Hash {
	name := strings.ToLower(strings.ReplaceAll(v.String(), "-", ""))
	f, ok := algorithms[name]
	if !ok {
		panic(jsx.Error(vm, "Error", "ERR_OSSL_EVP_UNSUPPORTED", "Digest method not supported: "+v.String()+" (botrt has md5, sha1, sha224, sha256, sha384, sha512)"))
	}
	return f
}

// dataOf converts update()'s argument (string in an encoding, or bytes).
func dataOf(vm *goja.Runtime, v, enc goja.Value) []byte {
	if b, ok := buffer.Bytes(vm, v); ok {
		return b
	}
	if _, ok := v.Export().(string); !ok {
		jsx.TypeError(vm, "The \"data\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received %s", jsx.Describe(v))
	}
	e := ""
	if !goja.IsUndefined(enc) {
		e = enc.String()
	}
	b, err := buffer.EncodeString(v, e)
	if err != nil {
		panic(jsx.Error(vm, "TypeError", "ERR_UNKNOWN_ENCODING", err.Error()))
	}
	return b
}

// output renders a digest: a Buffer without an encoding, else a string.
func output(vm *goja.Runtime, sum []byte, enc goja.Value) goja.Value {
	if goja.IsUndefined(enc) || enc.String() == "buffer" {
		v, err := buffer.WrapOwned(vm, sum)
		if err != nil {
			panic(vm.NewGoError(err))
		}
		return v
	}
	v, err := buffer.DecodeString(vm, sum, enc.String())
	if err != nil {
		panic(jsx.Error(vm, "TypeError", "ERR_UNKNOWN_ENCODING", err.Error()))
	}
	return v
}

func (c *cryptoMod) createHash(call goja.FunctionCall) goja.Value {
	return c.hashObject("Hash", algorithm(c.vm, call.Argument(0))())
}

func (c *cryptoMod) createHmac(call goja.FunctionCall) goja.Value {
	newHash := algorithm(c.vm, call.Argument(0))
	key := dataOf(c.vm, call.Argument(1), goja.Undefined())
	return c.hashObject("Hmac", hmac.New(newHash, append([]byte(nil), key...)))
}

// hashObject exposes h with Node's update/digest/copy; digest finalises.
func (c *cryptoMod) hashObject(kind string, h hash.Hash) goja.Value {
	vm := c.vm
	obj := vm.NewObject()
	done := false
	check := func() {
		if done {
			jsx.Throw(vm, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called")
		}
	}
	jsx.Set(vm, obj, kind, map[string]jsx.Fn{
		"update": func(call goja.FunctionCall) goja.Value {
			check()
			h.Write(dataOf(vm, call.Argument(0), call.Argument(1)))
			return obj
		},
		"digest": func(call goja.FunctionCall) goja.Value {
			check()
			done = true
			return output(vm, h.Sum(nil), call.Argument(0))
		},
	})
	if kind == "Hash" {
		jsx.Set(vm, obj, kind, map[string]jsx.Fn{
			"copy": func(goja.FunctionCall) goja.Value {
				check()
				cl, ok := h.(hash.Cloner)
				if !ok {
					jsx.Throw(vm, "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM", "hash.copy is not available for this algorithm")
				}
				dup, err := cl.Clone()
				if err != nil {
					panic(vm.NewGoError(fmt.Errorf("hash.copy: %w", err)))
				}
				return c.hashObject(kind, dup)
			},
		})
	}
	return obj
}

// oneShot is crypto.hash(algorithm, data[, outputEncoding = 'hex']).
func (c *cryptoMod) oneShot(call goja.FunctionCall) goja.Value {
	h := algorithm(c.vm, call.Argument(0))()
	h.Write(dataOf(c.vm, call.Argument(1), goja.Undefined()))
	enc := call.Argument(2)
	if goja.IsUndefined(enc) {
		enc = c.vm.ToValue("hex")
	}
	return output(c.vm, h.Sum(nil), enc)
}

func (c *cryptoMod) timingSafeEqual(call goja.FunctionCall) goja.Value {
	vm := c.vm
	a, ok1 := buffer.Bytes(vm, call.Argument(0))
	b, ok2 := buffer.Bytes(vm, call.Argument(1))
	if !ok1 || !ok2 {
		jsx.TypeError(vm, "The \"buf1\" and \"buf2\" arguments must be instances of Buffer, TypedArray, or DataView.")
	}
	if len(a) != len(b) {
		panic(jsx.Error(vm, "RangeError", "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length"))
	}
	return vm.ToValue(subtle.ConstantTimeCompare(a, b) == 1)
}

func (c *cryptoMod) getRandomValues(call goja.FunctionCall) goja.Value {
	vm := c.vm
	v := call.Argument(0)
	obj, isObj := v.(*goja.Object)
	b, ok := buffer.Bytes(vm, v)
	if !ok || !isObj || !integerArrays[obj.GetSymbol(goja.SymToStringTag).String()] {
		jsx.TypeError(vm, "The data argument must be an integer-type TypedArray. Received %s", jsx.Describe(v))
	}
	if len(b) > 65536 {
		panic(jsx.Error(vm, "Error", "QuotaExceededError", fmt.Sprintf("The ArrayBufferView's byte length (%d) exceeds the number of bytes of entropy available via this API (65536)", len(b))))
	}
	_, _ = rand.Read(b)
	return v
}
