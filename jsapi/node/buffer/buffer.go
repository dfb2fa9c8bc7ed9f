// Package buffer provides Node's Buffer (a Uint8Array subclass written in JS
// over Go codecs for utf8, hex, base64, base64url, latin1/binary, ascii and
// utf16le) as a global and as the 'buffer' module, plus atob/btoa, and the Go
// helpers other modules use to hand bytes to scripts and take them back.
package buffer

import (
	"bytes"
	_ "embed"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed buffer.js
var source string

var (
	prog    = &jsx.Source{Name: "botrt:buffer.js", Code: source}
	ctorKey = goja.NewSymbol("botrt.Buffer")
	modKey  = goja.NewSymbol("botrt.buffer")
)

// Global installs Buffer, atob and btoa.
func Global() runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		vm := bot.Runtime()
		return jsx.Lazy(vm, []string{"Buffer", "atob", "btoa"}, func() (*goja.Object, error) {
			exp, err := exports(vm)
			if err != nil {
				return nil, err
			}
			return exp.ToObject(vm), nil
		})
	})
}

// Module is require('buffer').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot.Runtime()) })
}

// exports builds the module once per runtime, so the global and the module
// share one Buffer class.
func exports(vm *goja.Runtime) (goja.Value, error) {
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		return prog.Run(vm, natives(vm))
	})
}

// Wrap returns a Buffer holding a copy of b.
func Wrap(vm *goja.Runtime, b []byte) (goja.Value, error) {
	return WrapOwned(vm, bytes.Clone(b))
}

// Bytes returns the bytes a Buffer, any TypedArray, DataView or ArrayBuffer
// holds. The slice aliases the script's memory: copy it before keeping it or
// handing it to another goroutine.
func Bytes(vm *goja.Runtime, v goja.Value) ([]byte, bool) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	switch x := obj.Export().(type) {
	case []byte:
		return x, true
	case goja.ArrayBuffer:
		return x.Bytes(), true
	}
	// Other views (Int16Array, DataView ...) over an ArrayBuffer.
	inner := obj.Get("buffer")
	if inner == nil {
		return nil, false
	}
	ab, ok := inner.Export().(goja.ArrayBuffer)
	if !ok {
		return nil, false
	}
	off, n := obj.Get("byteOffset").ToInteger(), obj.Get("byteLength").ToInteger()
	all := ab.Bytes()
	if off < 0 || n < 0 || off+n > int64(len(all)) {
		return nil, false
	}
	return all[off : off+n], true
}

// natives are the Go halves of buffer.js.
func natives(vm *goja.Runtime) *goja.Object {
	n := vm.NewObject()
	enc := func(call goja.FunctionCall, i int) encoding {
		v := call.Argument(i)
		if goja.IsUndefined(v) || goja.IsNull(v) {
			return encUTF8
		}
		e, ok := parseEncoding(v.String())
		if !ok {
			panic(jsx.Error(vm, "TypeError", "ERR_UNKNOWN_ENCODING", "Unknown encoding: "+v.String()))
		}
		return e
	}
	u8 := func(call goja.FunctionCall, i int) []byte {
		b, ok := Bytes(vm, call.Argument(i))
		if !ok {
			jsx.TypeError(vm, "expected a Uint8Array, received %s", jsx.Describe(call.Argument(i)))
		}
		return b
	}
	jsx.Set(vm, n, "buffer", map[string]jsx.Fn{
		"encode": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(vm.NewArrayBuffer(encodeValue(call.Argument(0), enc(call, 1))))
		},
		"decode": func(call goja.FunctionCall) goja.Value {
			b := u8(call, 0)
			start, end := call.Argument(2).ToInteger(), call.Argument(3).ToInteger()
			if start < 0 || end > int64(len(b)) || start > end {
				jsx.RangeError(vm, "range %d..%d is outside the buffer of %d bytes", start, end, len(b))
			}
			s, units := decodeBytes(b[start:end], enc(call, 1))
			if units != nil {
				return vm.ToValue(goja.StringFromUTF16(units))
			}
			return vm.ToValue(s)
		},
		"write": func(call goja.FunctionCall) goja.Value {
			dst := u8(call, 0)
			e := enc(call, 4)
			src := encodeValue(call.Argument(1), e)
			off, n := int(call.Argument(2).ToInteger()), int(call.Argument(3).ToInteger())
			if n > len(src) {
				n = len(src)
			}
			if e == encUTF8 { // never write half a character
				for n > 0 && n < len(src) && !utf8.RuneStart(src[n]) {
					n--
				}
			}
			return vm.ToValue(copy(dst[off:off+n], src[:n]))
		},
		"fill": func(call goja.FunctionCall) goja.Value {
			dst, pat := u8(call, 0), u8(call, 1)
			for i := 0; i < len(dst); i += len(pat) {
				copy(dst[i:], pat)
			}
			return goja.Undefined()
		},
		"byteLength": func(call goja.FunctionCall) goja.Value {
			e := enc(call, 1)
			if e == encUTF8 {
				return vm.ToValue(len(call.Argument(0).String()))
			}
			return vm.ToValue(byteLength(units(call.Argument(0)), e))
		},
		"compare": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(bytes.Compare(u8(call, 0), u8(call, 1)))
		},
		"indexOf": func(call goja.FunctionCall) goja.Value {
			hay, needle := u8(call, 0), u8(call, 1)
			from := int(call.Argument(2).ToInteger())
			if call.Argument(3).ToBoolean() {
				end := min(len(hay), max(from, -1)+len(needle))
				if end < 0 {
					return vm.ToValue(-1)
				}
				return vm.ToValue(bytes.LastIndex(hay[:end], needle))
			}
			if from > len(hay) {
				return vm.ToValue(-1)
			}
			from = max(from, 0)
			i := bytes.Index(hay[from:], needle)
			if i >= 0 {
				i += from
			}
			return vm.ToValue(i)
		},
		"isEncoding": func(call goja.FunctionCall) goja.Value {
			_, ok := parseEncoding(call.Argument(0).String())
			return vm.ToValue(ok)
		},
		"isUtf8": func(call goja.FunctionCall) goja.Value { return vm.ToValue(utf8.Valid(u8(call, 0))) },
		"atob":   func(call goja.FunctionCall) goja.Value { return atob(vm, call) },
		"btoa":   func(call goja.FunctionCall) goja.Value { return btoa(vm, call) },
		"setConstructor": func(call goja.FunctionCall) goja.Value {
			if err := vm.GlobalObject().DefineDataPropertySymbol(ctorKey, call.Argument(0), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
				panic(vm.NewGoError(err))
			}
			return goja.Undefined()
		},
	})
	return n
}

// encodeValue encodes a JS string value; UTF-8 goes through goja's own
// conversion (lone surrogates become U+FFFD, as in Node).
func encodeValue(v goja.Value, e encoding) []byte {
	if e == encUTF8 {
		return []byte(v.String())
	}
	return encodeString(units(v), e)
}

// units returns the UTF-16 code units of a JS value converted to string.
func units(v goja.Value) []uint16 {
	s, ok := v.(goja.String)
	if !ok {
		return utf16Of(v.String())
	}
	out := make([]uint16, s.Length())
	for i := range out {
		out[i] = s.CharAt(i)
	}
	return out
}
